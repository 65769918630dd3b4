package com.speedmatch.call.internal;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface VideoParticipantRepository extends JpaRepository<VideoParticipant, VideoParticipant.Key> {

    List<VideoParticipant> findByVideoSessionIdOrderByUserId(long videoSessionId);
}
