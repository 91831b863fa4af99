-- Restores from the hub beyond Repos and Wikis (issue 10): each chosen data type's progress and
-- result, as JSON text ([{dataType, status, created, failed}]); NULL for a restore of Repos and
-- Wikis only (those made before this column).
ALTER TABLE backup_restores ADD COLUMN data_types TEXT;
