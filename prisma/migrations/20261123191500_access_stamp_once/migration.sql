-- The access-changed triggers (migration campaigns) stamp Identity.accessChangedAt only where it is not already the
-- transaction's time. An import inserts credentials and then entitlements of the same NHIs in one transaction: each
-- statement used to rewrite every NHI row again (a new row version and an entry in each of its indexes), which was
-- half of the import's write time. The importer now stamps new NHIs in their INSERT, so the triggers skip them.
-- The column is timestamp(3): the comparison rounds now() the same way, or it would never match.
-- Bodies are E'' strings with \073 for each semicolon (the migration runner splits on semicolons).
CREATE OR REPLACE FUNCTION steward_access_added() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "Identity" i SET "accessChangedAt" = (now() AT TIME ZONE ''UTC'')
  FROM (SELECT DISTINCT n."identityId" FROM new_rows n WHERE n."status"::text = ''ACTIVE'') c
  WHERE i."id" = c."identityId" AND i."accessChangedAt" IS DISTINCT FROM (now() AT TIME ZONE ''UTC'')::timestamp(3)\073
  RETURN NULL\073
END';

CREATE OR REPLACE FUNCTION steward_entitlement_widened() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "Identity" i SET "accessChangedAt" = (now() AT TIME ZONE ''UTC'')
  FROM (
    SELECT DISTINCT n."identityId" FROM new_rows n JOIN old_rows o ON o."id" = n."id"
    WHERE n."status" = ''ACTIVE'' AND (o."status" <> ''ACTIVE'' OR o."privilege" <> n."privilege" OR o."permission" <> n."permission")
  ) c
  WHERE i."id" = c."identityId" AND i."accessChangedAt" IS DISTINCT FROM (now() AT TIME ZONE ''UTC'')::timestamp(3)\073
  RETURN NULL\073
END';

CREATE OR REPLACE FUNCTION steward_credential_reactivated() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "Identity" i SET "accessChangedAt" = (now() AT TIME ZONE ''UTC'')
  FROM (
    SELECT DISTINCT n."identityId" FROM new_rows n JOIN old_rows o ON o."id" = n."id"
    WHERE n."status" = ''ACTIVE'' AND o."status" <> ''ACTIVE''
  ) c
  WHERE i."id" = c."identityId" AND i."accessChangedAt" IS DISTINCT FROM (now() AT TIME ZONE ''UTC'')::timestamp(3)\073
  RETURN NULL\073
END';
