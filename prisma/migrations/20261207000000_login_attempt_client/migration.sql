-- AlterTable
ALTER TABLE "LoginAttempt" ADD COLUMN     "client" TEXT;

-- CreateIndex
CREATE INDEX "LoginAttempt_client_at_idx" ON "LoginAttempt"("client", "at");
