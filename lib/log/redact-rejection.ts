/**
 * Rejection messages quote the offending value (`not a date: "14.08.1979"`, `unknown sex code
 * "Vatnedal"`): useful for a code list or a date in a decision, a leak when the field belongs to a
 * person. A message whose path lies in a person (any segment a personal key, a worker, a PIN, an
 * address) keeps its words and path but loses its quoted values. Dead letters are stored, listed
 * (`lac dlq list`) and published (`x-error-message`) with the redacted text.
 */
const PERSONAL_SEGMENT = new Set(
  [
    'person', 'persons', 'bruker', 'worker', 'workers', 'liaisonperson', 'pin', 'pins', 'identifikator', 'personalidentificationnumber',
    'familyname', 'forename', 'familynameatbirth', 'forenameatbirth', 'birthdate', 'datebirth', 'dateofbirth', 'birthplace',
    'fornavn', 'etternavn', 'foedselsdato', 'foedested', 'kjoenn', 'sex', 'nationality', 'nationalities', 'statsborgerskap',
    'address', 'addresses', 'adresse', 'email', 'phone',
  ],
);

/** True when a rejection path (`nav.bruker.person.foedselsdato`, `workers[0].pins[0].country`, `Person/familyName`) names a person's field. */
export function isPersonalPath(path: string | null): boolean {
  if (path === null) return false;
  return path
    .split(/[.\[\]/:]+/)
    .some((segment) => PERSONAL_SEGMENT.has(segment.toLowerCase().replace(/^.*?:/, '').replace(/[^a-z]/g, '')));
}

/** The message with every quoted value replaced by `"[redacted]"` when the path is personal. */
export function redactRejectionMessage(message: string, path: string | null): string {
  return isPersonalPath(path) ? message.replace(/"(?:[^"\\]|\\.)*"/g, '"[redacted]"') : message;
}
