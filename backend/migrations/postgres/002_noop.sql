-- Keeps the version numbers of both stores in step (sqlite/002 made the schema postgres/001 has).
SELECT 1;
