// Stage attribution (who is credited with each figure), take-over, and resolution checks.
export const credit = {
  takeOver: {
    lead: '{name} handles this complaint. To resolve it, take it over first; the take-over is recorded in the history and visible to your department.',
    submit: 'Take over',
    needed: 'Another officer handles this complaint. Take it over first (or ask the department manager) before resolving it.',
  },
  who: {
    title: 'Who each figure counts for',
    cases: 'Cases handled: every complaint this officer held, first answered or resolved.',
    response: 'Response on time and first-response time: the officer who gave the first public response; a response that was late or missing when due counts against whoever held the complaint at that due time.',
    resolution: 'Resolution on time and resolution time: the officer who resolved it (the last resolution); a late resolution counts against whoever held the complaint at the due time.',
    reopen: 'Reopened and disputes: the officer whose resolution the reporter disputed or a checker returned.',
    csat: 'Reporter satisfaction: the officer who resolved the complaint.',
    timeInHand: 'Time in hand: the working days each open complaint sat with this officer in the period.',
    consultation: 'Official responses to public consultations: the officer who wrote them.',
  },
  inHand: {
    title: 'Time in hand',
    lead: 'How many working days open complaints sat with this officer in the period (from being given or taking it over until transferred, resolved or the period end).',
    none: 'This officer held no open complaint in the period.',
    complaints: 'Complaints held',
    median: 'Median / P90 (working days)',
    total: 'Total working days',
  },
};
