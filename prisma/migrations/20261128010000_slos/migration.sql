-- CreateTable
CREATE TABLE "Slo" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "head" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Slo_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SloVersion" (
    "id" TEXT NOT NULL,
    "sloId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "spec" JSONB NOT NULL,
    "message" TEXT NOT NULL,
    "authorId" TEXT,
    "authorEmail" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SloVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Slo_name_key" ON "Slo"("name");

-- CreateIndex
CREATE INDEX "Slo_service_idx" ON "Slo"("service");

-- CreateIndex
CREATE UNIQUE INDEX "SloVersion_sloId_version_key" ON "SloVersion"("sloId", "version");

-- AddForeignKey
ALTER TABLE "SloVersion" ADD CONSTRAINT "SloVersion_sloId_fkey" FOREIGN KEY ("sloId") REFERENCES "Slo"("id") ON DELETE CASCADE ON UPDATE CASCADE;

