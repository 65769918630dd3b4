package com.speedmatch.call.internal;

import org.springframework.data.jpa.repository.JpaRepository;

public interface InstantCallRepository extends JpaRepository<InstantCallSession, Long> {}
