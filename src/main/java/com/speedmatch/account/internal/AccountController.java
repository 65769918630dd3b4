package com.speedmatch.account.internal;

import com.speedmatch.shared.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Accounts")
@RestController
@RequiredArgsConstructor
class AccountController {

    private final AccountExport export;

    @Operation(
            summary = "Everything stored about you, as one JSON document (a download)",
            description = "Each field is described in the schema below; other people appear by user id only.")
    @GetMapping("/api/users/me/export")
    ResponseEntity<AccountExport.Export> export(@AuthenticationPrincipal CurrentUser me) {
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"speedmatch-export-" + me.id() + ".json\"")
                .body(export.of(me.id()));
    }
}
