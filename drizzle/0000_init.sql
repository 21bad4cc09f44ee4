CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	`actor_name` text,
	`action` text NOT NULL,
	`dossier_code` text,
	`detail` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_dossier` ON `audit_log` (`dossier_code`);--> statement-breakpoint
CREATE TABLE `auth_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `calendar_overrides` (
	`date` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `documents` (
	`id` text PRIMARY KEY NOT NULL,
	`dossier_code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text DEFAULT 'copy' NOT NULL,
	`copies` integer DEFAULT 1 NOT NULL,
	`mime` text NOT NULL,
	`size` integer NOT NULL,
	`source_blob` text NOT NULL,
	`citizen_id` text NOT NULL,
	`reused_from` text,
	`status` text NOT NULL,
	`pages_done` integer DEFAULT 0 NOT NULL,
	`page_count` integer,
	`pdf_blob` text,
	`error` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`dossier_code`) REFERENCES `dossiers`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `documents_dossier` ON `documents` (`dossier_code`);--> statement-breakpoint
CREATE INDEX `documents_citizen` ON `documents` (`citizen_id`);--> statement-breakpoint
CREATE TABLE `dossier_sequences` (
	`agency_code` text NOT NULL,
	`day` text NOT NULL,
	`last` integer NOT NULL,
	PRIMARY KEY(`agency_code`, `day`)
);
--> statement-breakpoint
CREATE TABLE `dossiers` (
	`code` text PRIMARY KEY NOT NULL,
	`agency_code` text NOT NULL,
	`procedure_code` text NOT NULL,
	`applicant_name` text NOT NULL,
	`applicant_id` text NOT NULL,
	`applicant_phone` text NOT NULL,
	`applicant_address` text,
	`channel` text NOT NULL,
	`status` text NOT NULL,
	`received_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`clock_paused_at` integer,
	`supplement_count` integer DEFAULT 0 NOT NULL,
	`resolved_at` integer,
	`returned_at` integer,
	`rating` integer,
	`result_blob` text,
	`received_by` integer NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`procedure_code`) REFERENCES `procedures`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`received_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `dossiers_status` ON `dossiers` (`status`);--> statement-breakpoint
CREATE INDEX `dossiers_received` ON `dossiers` (`received_at`);--> statement-breakpoint
CREATE INDEX `dossiers_applicant` ON `dossiers` (`applicant_id`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`run_after` integer NOT NULL,
	`locked_at` integer,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `jobs_ready` ON `jobs` (`status`,`run_after`);--> statement-breakpoint
CREATE TABLE `page_texts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` text NOT NULL,
	`page` integer NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `page_texts_doc_page` ON `page_texts` (`document_id`,`page`);--> statement-breakpoint
CREATE TABLE `procedures` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`field` text NOT NULL,
	`level` text NOT NULL,
	`processing_days` real NOT NULL,
	`fee_vnd` integer NOT NULL,
	`fee_note` text,
	`required_documents` text NOT NULL,
	`result_template` text NOT NULL,
	`legal_basis` text
);
--> statement-breakpoint
CREATE TABLE `signatures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dossier_code` text NOT NULL,
	`document_id` text,
	`purpose` text NOT NULL,
	`signer_user_id` integer,
	`cert_fingerprint` text NOT NULL,
	`cert_subject` text NOT NULL,
	`signed_at` integer NOT NULL,
	`input_blob` text NOT NULL,
	`output_blob` text NOT NULL,
	`level` text,
	FOREIGN KEY (`dossier_code`) REFERENCES `dossiers`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signer_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `signing_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`dossier_code` text NOT NULL,
	`purpose` text NOT NULL,
	`user_id` integer NOT NULL,
	`state` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`dossier_code`) REFERENCES `dossiers`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `transitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dossier_code` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`action` text NOT NULL,
	`actor_id` integer,
	`actor_role` text,
	`at` integer NOT NULL,
	`due_at` integer,
	`note` text,
	`data` text,
	FOREIGN KEY (`dossier_code`) REFERENCES `dossiers`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `transitions_dossier` ON `transitions` (`dossier_code`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`title` text,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);