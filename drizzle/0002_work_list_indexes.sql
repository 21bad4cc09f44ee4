CREATE INDEX `dossiers_status_due` ON `dossiers` (`status`,`due_at`,`code`);--> statement-breakpoint
CREATE INDEX `dossiers_status_received` ON `dossiers` (`status`,`received_at`);