package io.csgate.common.body;

import java.time.Instant;
import java.util.List;

/** The body of a {@code users_expired} event: users to forget if still idle since before {@code idleBefore}. */
public record UsersExpiredBody(List<String> users, Instant idleBefore) {}
