// Problems found before sending a form: field path → i18n keys of the messages. The forms
// translate them and hand them to useApiErrors().setLocal, so that they show next to the same
// inputs as the server's own field errors.

/** Field path (as the server names it, e.g. `key_persons.items[1].phones[0]`) → message keys. */
export type Problems = Record<string, string[]>;

export function addProblem(problems: Problems, field: string, key: string): void {
  (problems[field] ??= []).push(key);
}

export function hasProblems(problems: Problems): boolean {
  return Object.keys(problems).length > 0;
}

/** The problems with their keys translated. */
export function translateProblems(problems: Problems, t: (key: string) => string): Record<string, string[]> {
  return Object.fromEntries(Object.entries(problems).map(([f, keys]) => [f, keys.map((k) => t(k))]));
}

/** The same problems with every field path prefixed ("consent." + "scopes"). */
export function prefixProblems(problems: Problems, prefix: string): Problems {
  return Object.fromEntries(Object.entries(problems).map(([f, keys]) => [`${prefix}${f}`, keys]));
}
