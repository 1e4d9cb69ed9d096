// The table of CLI commands; add a command by adding its module here.
import type { Command } from './command.ts';
import { createApiKeyCommand, revokeApiKeyCommand } from './api-keys.ts';
import { backup } from './backup.ts';
import { migrate, migrateDown } from './migrate.ts';
import { seedDemoCommand } from './seed-demo.ts';
import { createUser, departments } from './users.ts';
import { closeConsultations } from './close-consultations.ts';
import { breachReportCommand, retention } from './dataprotection.ts';
import { appraisalMinSample } from './appraisal.ts';
import { regionCheck } from './region-check.ts';
import { importComplaintsCommand } from './import-complaints.ts';
import { refreshReports } from './refresh-reports.ts';

export const commands: Record<string, Command> = {
  migrate,
  'migrate-down': migrateDown,
  backup,
  'create-api-key': createApiKeyCommand,
  'revoke-api-key': revokeApiKeyCommand,
  'seed-demo': seedDemoCommand,
  'create-user': createUser,
  departments,
  'close-consultations': closeConsultations,
  retention,
  'breach-report': breachReportCommand,
  'appraisal-min-sample': appraisalMinSample,
  'region-check': regionCheck,
  'import-complaints': importComplaintsCommand,
  'refresh-reports': refreshReports,
};
