// The Bahasa Indonesia catalogue (the default and the reference shape for every other language).
import { common } from './common.ts';
import { complaints } from './complaints.ts';
import { privacy } from './privacy.ts';
import { open311 } from './open311.ts';
import { workflow } from './workflow.ts';
import { refadmin } from './refadmin.ts';
import { reports } from './reports.ts';
import { auth } from './auth.ts';
import { accounts } from './accounts.ts';
import { consultations } from './consultations.ts';
import { dataprotection } from './dataprotection.ts';
import { development } from './development.ts';
import { appraisal } from './appraisal.ts';
import { follows } from './follows.ts';
import { map } from './map.ts';

export const id = {
  common,
  privacy,
  open311,
  complaints,
  workflow,
  refadmin,
  reports,
  auth,
  accounts,
  consultations,
  dataprotection,
  development,
  appraisal,
  follows,
  map,
};

export type Messages = typeof id;
