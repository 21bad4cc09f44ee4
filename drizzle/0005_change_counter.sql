-- One counter that every committed change to what the work lists and the citizen's lookup show
-- (dossiers, their hand-offs and documents, the procedures' names) bumps: the answer caches
-- (src/http/answer-cache.ts) compare it on every request and rebuild when it moved. Triggers,
-- not application code, so no writer can forget it: another connection, another process, a
-- repair by hand in the sqlite3 shell. They run inside the writer's transaction, so the new
-- count is visible exactly when the change is.
CREATE TABLE `change_counter` (
	`id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1),
	`n` integer NOT NULL
);--> statement-breakpoint
INSERT INTO `change_counter` (`id`, `n`) VALUES (1, 0);--> statement-breakpoint
CREATE TRIGGER `dossiers_counted_insert` AFTER INSERT ON `dossiers` BEGIN UPDATE `change_counter` SET `n` = `n` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `dossiers_counted_update` AFTER UPDATE ON `dossiers` BEGIN UPDATE `change_counter` SET `n` = `n` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `dossiers_counted_delete` AFTER DELETE ON `dossiers` BEGIN UPDATE `change_counter` SET `n` = `n` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `transitions_counted_insert` AFTER INSERT ON `transitions` BEGIN UPDATE `change_counter` SET `n` = `n` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `transitions_counted_update` AFTER UPDATE ON `transitions` BEGIN UPDATE `change_counter` SET `n` = `n` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `transitions_counted_delete` AFTER DELETE ON `transitions` BEGIN UPDATE `change_counter` SET `n` = `n` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `documents_counted_insert` AFTER INSERT ON `documents` BEGIN UPDATE `change_counter` SET `n` = `n` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `documents_counted_update` AFTER UPDATE ON `documents` BEGIN UPDATE `change_counter` SET `n` = `n` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `documents_counted_delete` AFTER DELETE ON `documents` BEGIN UPDATE `change_counter` SET `n` = `n` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `procedures_counted_insert` AFTER INSERT ON `procedures` BEGIN UPDATE `change_counter` SET `n` = `n` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `procedures_counted_update` AFTER UPDATE ON `procedures` BEGIN UPDATE `change_counter` SET `n` = `n` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `procedures_counted_delete` AFTER DELETE ON `procedures` BEGIN UPDATE `change_counter` SET `n` = `n` + 1 WHERE `id` = 1; END;
