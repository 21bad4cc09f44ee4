ALTER TABLE `signatures` ADD `copy_year` integer;--> statement-breakpoint
ALTER TABLE `signatures` ADD `copy_seq` integer;--> statement-breakpoint
-- Copies certified before numbers were stored were printed with the count of earlier copies + 1
-- and the local (UTC+7) year: stored as printed, so the next copy of that year follows them.
UPDATE `signatures` SET
  `copy_year` = CAST(strftime('%Y', `signed_at` / 1000, 'unixepoch', '+7 hours') AS integer),
  `copy_seq` = (SELECT count(*) FROM `signatures` AS s WHERE s.`purpose` = 'certified_copy' AND s.`id` <= `signatures`.`id`)
WHERE `purpose` = 'certified_copy';--> statement-breakpoint
CREATE UNIQUE INDEX `signatures_copy_number` ON `signatures` (`copy_year`,`copy_seq`);
