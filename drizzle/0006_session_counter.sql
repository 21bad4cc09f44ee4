-- The sign-in sessions' own change count: the session cache (src/auth/session-cache.ts) keeps
-- each token's user between requests and drops them all when this moved. Bumped by triggers on
-- every change that can end a session or change what it resolves to — a token deleted (sign-out,
-- revocation, expiry sweep) or altered, an account changed (disabled, renamed, new role) or
-- deleted — from any connection or process, in the writer's own transaction. New tokens do not
-- bump it: a session not yet seen is not in the cache. Its own table, not change_counter, so a
-- sign-in or sign-out does not drop the kept lists and lookups.
CREATE TABLE `session_counter` (
	`id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1),
	`n` integer NOT NULL
);--> statement-breakpoint
INSERT INTO `session_counter` (`id`, `n`) VALUES (1, 0);--> statement-breakpoint
CREATE TRIGGER `auth_tokens_counted_update` AFTER UPDATE ON `auth_tokens` BEGIN UPDATE `session_counter` SET `n` = `n` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `auth_tokens_counted_delete` AFTER DELETE ON `auth_tokens` BEGIN UPDATE `session_counter` SET `n` = `n` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `users_counted_update` AFTER UPDATE ON `users` BEGIN UPDATE `session_counter` SET `n` = `n` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `users_counted_delete` AFTER DELETE ON `users` BEGIN UPDATE `session_counter` SET `n` = `n` + 1 WHERE `id` = 1; END;
