/**
 * The date's icebreakers: the prompt bank, the choice of the next prompt for both participants (the
 * pair's shared interests first, nothing either saw lately), the first one when the call starts, a
 * new one every interval or on request. Publishes PromptShown; provides the call's views with the
 * prompt both see ({@code DatePrompts}).
 */
@ApplicationModule(
        displayName = "Date",
        allowedDependencies = {"call", "news", "runtime", "shared", "user"})
@OwnedTables({"prompts", "call_prompts"})
package com.speedmatch.date;

import com.speedmatch.shared.OwnedTables;
import org.springframework.modulith.ApplicationModule;
