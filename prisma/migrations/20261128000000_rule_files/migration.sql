-- CreateTable
CREATE TABLE "RuleFile" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "head" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RuleFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RuleVersion" (
    "id" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "content" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "authorId" TEXT,
    "authorEmail" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RuleVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RulePush" (
    "id" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
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

    CONSTRAINT "RulePush_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RuleFile_name_key" ON "RuleFile"("name");

-- CreateIndex
CREATE UNIQUE INDEX "RuleVersion_fileId_version_key" ON "RuleVersion"("fileId", "version");

-- CreateIndex
CREATE INDEX "RulePush_fileId_at_idx" ON "RulePush"("fileId", "at");

-- CreateIndex
CREATE INDEX "RulePush_at_idx" ON "RulePush"("at");

-- AddForeignKey
ALTER TABLE "RuleVersion" ADD CONSTRAINT "RuleVersion_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "RuleFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RulePush" ADD CONSTRAINT "RulePush_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "RuleFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;
