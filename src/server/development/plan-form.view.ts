// What the plan page's forms share with the components that render them: where they post, the plan
// version they were made from, and the posted values and messages of the one form that failed.
export interface FormFeedback {
  here: string;
  version: string;
  summary: (target: string, prefix: string) => { href: string; text: string }[];
  errorsFor: (target: string) => Record<string, string>;
  valuesFor: (target: string, fallback: Record<string, string>) => Record<string, string>;
}
