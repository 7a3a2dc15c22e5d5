-- One home for versioned documents (issue 13, step 0): rule files, SLOs and, next,
-- scaling profiles share Document / DocumentVersion / DocumentPush. Existing rows are
-- copied with their ids, so links and audit entries keep pointing at them.

CREATE TABLE "Document" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "service" TEXT,
    "source" TEXT NOT NULL,
    "head" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "DocumentVersion" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "content" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "authorId" TEXT,
    "authorEmail" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentVersion_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "DocumentPush" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "steps" JSONB NOT NULL,
    "warnings" JSONB NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "actorId" TEXT,
    "actorEmail" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentPush_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "Document_kind_name_key" ON "Document"("kind", "name");
CREATE INDEX "Document_kind_service_idx" ON "Document"("kind", "service");
CREATE UNIQUE INDEX "DocumentVersion_documentId_version_key" ON "DocumentVersion"("documentId", "version");
CREATE INDEX "DocumentPush_documentId_at_idx" ON "DocumentPush"("documentId", "at");
CREATE INDEX "DocumentPush_at_idx" ON "DocumentPush"("at");

ALTER TABLE "DocumentVersion" ADD CONSTRAINT "DocumentVersion_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "DocumentPush" ADD CONSTRAINT "DocumentPush_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- rule files
INSERT INTO "Document" ("id", "kind", "name", "service", "source", "head", "createdAt", "updatedAt")
  SELECT "id", 'rules', "name", NULL, "source", "head", "createdAt", "updatedAt" FROM "RuleFile";
INSERT INTO "DocumentVersion" ("id", "documentId", "version", "content", "sha256", "message", "authorId", "authorEmail", "createdAt")
  SELECT "id", "fileId", "version", "content", "sha256", "message", "authorId", "authorEmail", "createdAt" FROM "RuleVersion";
INSERT INTO "DocumentPush" ("id", "documentId", "version", "sha256", "target", "outcome", "message", "steps", "warnings", "durationMs", "actorId", "actorEmail", "at")
  SELECT "id", "fileId", "version", "sha256", "target", "outcome", "message", "steps", "warnings", "durationMs", "actorId", "actorEmail", "at" FROM "RulePush";

-- SLOs: the spec (JSONB) becomes its JSON text; sha256 of that text
INSERT INTO "Document" ("id", "kind", "name", "service", "source", "head", "createdAt", "updatedAt")
  SELECT "id", 'slo', "name", "service", 'console', "head", "createdAt", "updatedAt" FROM "Slo";
INSERT INTO "DocumentVersion" ("id", "documentId", "version", "content", "sha256", "message", "authorId", "authorEmail", "createdAt")
  SELECT "id", "sloId", "version", jsonb_pretty("spec"), encode(sha256(convert_to(jsonb_pretty("spec"), 'UTF8')), 'hex'), "message", "authorId", "authorEmail", "createdAt" FROM "SloVersion";

DROP TABLE "RulePush";
DROP TABLE "RuleVersion";
DROP TABLE "RuleFile";
DROP TABLE "SloVersion";
DROP TABLE "Slo";
