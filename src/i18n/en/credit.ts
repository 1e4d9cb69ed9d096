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
  reporter: {
    checking: 'This resolution is being checked before you are asked to confirm it (at most 3 working days). If the problem is not solved, you can say so now.',
  },
  events: {
    returned: 'Resolution returned by the checker',
    check_accepted: 'Resolution accepted by the checker',
    check_auto_accepted: 'Resolution accepted automatically (not checked within 3 working days)',
  },
  resolve: {
    photoRequired: 'This category requires an "after" photo showing the work done.',
    photoRequiredLabel: 'Photo after the work (required for this category)',
    pointLegend: 'Where the work was done (optional)',
    pointHint: 'The coordinates where you handled the problem in decimal degrees (latitude −90 to 90, longitude −180 to 180). A point far from the complaint\'s location is checked.',
    latitude: 'Latitude',
    longitude: 'Longitude',
    pointInvalid: 'Enter latitude and longitude as decimal numbers, both or neither.',
  },
};
