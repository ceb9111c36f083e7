-- The check of $asset passed over the keys in the registered frame `check_scope`: forget them.
DELETE FROM unchecked_changes WHERE asset = $asset AND key IN (SELECT key FROM check_scope);
