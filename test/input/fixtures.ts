/** Valid example messages from ../shared/CONTRACTS.md; tests clone and break them. */

export function declarationExample(): Record<string, unknown> {
  return {
    declarationId: 'SIPSI-2024-000123',
    version: 1,
    status: 'active',
    declaredAt: '2024-03-28T09:00:00Z',
    hostCountry: 'FR',
    postingUndertaking: {
      name: 'Bau & Montage GmbH',
      country: 'DE',
      ids: [
        { type: 'vat', id: 'DE123456789' },
        { type: 'registration', id: 'HRB 20001' },
      ],
      address: { street: 'Industriestr. 7', town: 'Düsseldorf', postalCode: '40210', country: 'DE' },
    },
    client: { name: 'Chantier Part-Dieu SAS', country: 'FR', ids: [{ type: 'siret', id: '12345678900012' }] },
    sector: 'construction',
    serviceNature: 'installation of facades',
    startDate: '2024-04-01',
    endDate: '2024-09-30',
    workplaces: [{ address: { street: '12 rue de la Villette', town: 'Lyon', postalCode: '69003', country: 'FR' } }],
    workers: [
      {
        familyName: 'Müller',
        forename: 'Jan',
        birthDate: '1985-02-11',
        sex: 'M',
        nationality: 'PL',
        pins: [{ country: 'DE', id: '12110285M005' }],
        a1Reference: 'DE-A1-2024-778812',
      },
    ],
    liaisonPerson: { familyName: 'Weber', forename: 'Anna', phone: '+49 211 000000' },
  };
}

export function certificateExample(): Record<string, unknown> {
  return {
    certificateNumber: 'FR-A1-2024-0001234',
    securityCode: '7K2Q-9XTD',
    kind: 'A1',
    agreement: 'EU',
    issueType: 'initial',
    issuedAt: '2024-03-20',
    issuer: { institutionId: 'FR:URSSAF01', country: 'FR' },
    person: {
      familyName: 'Martin',
      forename: 'Luc',
      birthDate: '1979-07-02',
      sex: 'M',
      pins: [{ country: 'FR', id: '1790775123456' }],
    },
    employer: { name: 'Martin Façades SARL', country: 'FR', ids: [{ type: 'siret', id: '83412345600017' }] },
    selfEmployed: false,
    legislationState: 'FR',
    article: '12_1',
    statesOfWork: ['DE'],
    startDate: '2024-04-01',
    endDate: '2025-03-31',
    provisional: false,
  };
}

/** Set a value at a dotted path (`workers.0.birthDate`) in a cloned document; `undefined` deletes. */
export function withField(doc: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(doc);
  const parts = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const p of parts.slice(0, -1)) node = node[p] as Record<string, unknown>;
  const last = parts[parts.length - 1] ?? '';
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}
