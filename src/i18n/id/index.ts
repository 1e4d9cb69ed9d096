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
import { whatsapp } from './whatsapp.ts';
import { collaboration } from './collaboration.ts';
import { supporters } from './supporters.ts';
import { channels } from './channels.ts';
import { managerReports } from './managerReports.ts';
import { surveys } from './surveys.ts';
import { credit } from './credit.ts';
import { map } from './map.ts';
import { trainings } from './trainings.ts';
import { officerCycle } from './officerCycle.ts';
import { trainingFollowUp } from './trainingFollowUp.ts';
import { nextPlan } from './nextPlan.ts';
import { units } from './units.ts';

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
  whatsapp,
  collaboration,
  supporters,
  channels,
  managerReports,
  surveys,
  credit,
  map,
  trainings,
  officerCycle,
  trainingFollowUp,
  nextPlan,
  units,
};

export type Messages = typeof id;
