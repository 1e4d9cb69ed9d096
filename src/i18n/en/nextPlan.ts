// English: last year's cycle as evidence for the next plan's draft (DESIGN §6b).
import type { Messages } from '../id/index.ts';
export const nextPlan: Messages['nextPlan'] = {
  title: 'Results of the {year} cycle for this plan',
  lead: 'Evidence beside the gap scores: PNS below 20 JP come first, then trainings that need another provider or route, and competencies whose participants improved. Officers’ proposals are in the proposals section.',
  belowTitle: 'PNS below 20 JP in {year} (first)',
  belowNone: 'Every PNS of this department reached 20 JP in {year}.',
  nip: 'Civil servant ID (NIP)',
  name: 'Name',
  realised: 'JP realised',
  missing: 'Missing',
  flaggedTitle: '{year} trainings that need another provider or route',
  flaggedNone: 'No training was rated poorly or showed no measurable improvement.',
  poor: 'rated poorly by participants ({score} of 5)',
  noEffect: 'no measurable improvement of participants’ service',
  improvedTitle: 'Competencies whose participants improved',
  improvedNone: 'No competency with a measurable improvement yet.',
  association: 'These improvements are an association, not proof that the training caused them.',
  figure: {
    responseSla: 'on-time responses',
    resolutionSla: 'on-time resolutions',
    reopen: 'fewer reopened',
    csat: 'reporter satisfaction',
  },
};
