// Stage attribution (who is credited with each figure), take-over, and resolution checks.
export const credit = {
  takeOver: {
    lead: '{name} handles this complaint. To resolve it, take it over first; the take-over is recorded in the history and visible to your department.',
    submit: 'Take over',
    needed: 'Another officer handles this complaint. Take it over first (or ask the department manager) before resolving it.',
  },
};
