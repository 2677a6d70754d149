/**
 * Bad documents that carry real-looking personal data, each rejected with a code: the rejection
 * path (error messages, dead letters, logs) is where personal data classically leaks. Every person
 * here is unique to this file, so any of their values found in a log came from these documents.
 */
import type { Needles } from './find-leaks.js';

const NS = 'http://ec.europa.eu/eessi/ns/4_4/A009';

function nav(person: Record<string, unknown>, vedtak: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sed: 'A009', sedGVer: '4', sedVer: '1',
    nav: { bruker: { person: { kjoenn: 'K', ...person } } },
    medlemskap: { vedtak: { land: 'NO', gjelderperiode: { startdato: '2024-01-01', sluttdato: '2024-06-30' }, artikkelforordning: '12_1', ...vedtak } },
  };
}

function declaration(worker: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    declarationId: `SIPSI-PII-${Object.values(worker).join('').length}`, version: 1, status: 'active', hostCountry: 'FR',
    postingUndertaking: { name: 'Firma Nord', country: 'DE', ids: [] },
    startDate: '2024-04-01', endDate: '2024-09-30', workers: [worker], ...extra,
  };
}

const json = (v: unknown): string => JSON.stringify(v);

export interface HostileDocument {
  name: string;
  body: string;
}

export const HOSTILE_PERSONS: HostileDocument[] = [
  { name: 'nav-impossible-end-date.json', body: json(nav({ fornavn: 'Ingvild', etternavn: 'Skjæveland', foedselsdato: '1971-02-03' }, { gjelderperiode: { startdato: '2024-01-01', sluttdato: '2024-02-30' } })) },
  { name: 'nav-birth-date-in-other-format.json', body: json(nav({ fornavn: 'Torbjørg', etternavn: 'Haugsdal', foedselsdato: '14.08.1979' })) },
  { name: 'nav-name-in-sex-field.json', body: json(nav({ fornavn: 'Eldbjørg', etternavn: 'Vatnedal', foedselsdato: '1983-05-19', kjoenn: 'Vatnedal' })) },
  { name: 'nav-truncated.json', body: json(nav({ fornavn: 'Radomiła', etternavn: 'Wędrychowska', foedselsdato: '1979-08-15' })).slice(0, 110) },
  { name: 'nav-proto.json', body: json(nav({ fornavn: 'Gunnhild', etternavn: 'Øvrebotten', foedselsdato: '1966-12-01' })).replace('"kjoenn"', '"__proto__":{"x":1},"kjoenn"') },
  { name: 'declaration-duplicate-key.json', body: json(declaration({ familyName: 'Oyelaranova', forename: 'Babatunde', birthDate: '1988-11-23' })).replace('"forename"', '"familyName":"Oyelaranova","forename"') },
  { name: 'declaration-bad-birth-date.json', body: json(declaration({ familyName: 'Quenneville-Adeyemi', forename: 'Maëlys', birthDate: '23/11/1987' })) },
  { name: 'declaration-pin-bad-country.json', body: json(declaration({ familyName: 'Brzęczyszczykiewicz', forename: 'Grzegorz', birthDate: '1981-07-09', pins: [{ country: 'Brzęczyszczykiewicz', id: '81070912345' }] })) },
  { name: 'declaration-formula-name.json', body: json(declaration({ familyName: '=HYPERLINK("http://x","Ruggiero-Vantaggi")', forename: 'Ottavio', birthDate: '1990-03-31' }, { endDate: '2024-01-01' })) },
  { name: 'certificate-unknown-kind.json', body: json({ certificateNumber: 'PII-C-1', kind: 'Z9', issueType: 'initial', issuedAt: '2024-01-01', person: { familyName: 'Aðalsteinsdóttir', forename: 'Sigurlaug', birthDate: '1975-10-27', pins: [{ country: 'IS', id: '271075-3389' }] } }) },
  { name: 'xml-doctype.xml', body: `<?xml version="1.0"?><!DOCTYPE A009 [<!ENTITY n "Kristjánsdóttir">]><ns2:A009 xmlns:ns2="${NS}"><nav><bruker><person><etternavn>&n;</etternavn><fornavn>Hrafnhildur</fornavn><foedselsdato>1969-04-22</foedselsdato></person></bruker></nav></ns2:A009>` },
  { name: 'xml-wrong-namespace.xml', body: '<A009 xmlns="http://example.com/A009"><nav><bruker><person><etternavn>Lindqvistberg</etternavn><fornavn>Åsa-Maj</fornavn><foedselsdato>1972-06-06</foedselsdato></person></bruker></nav></A009>' },
  { name: 'xml-truncated.xml', body: `<ns2:A009 xmlns:ns2="${NS}" sedGVer="4" sedVer="4"><nav><bruker><person><pin><identifikator>780416-2249</identifikator></pin><etternavn>Pálsdóttir-Ekström</etternavn><fornavn>Ragnheiður</fornavn><foedselsdato>1978-04-16` },
  { name: 'unknown-shape-with-person.json', body: json({ person: { familyName: 'Zawadzka-Ólafsson', forename: 'Bronisława', birthDate: '1986-01-30', pin: '86013012345' } }) },
];

export const HOSTILE_NEEDLES: Needles = {
  names: [
    'Ingvild', 'Skjæveland', 'Torbjørg', 'Haugsdal', 'Eldbjørg', 'Vatnedal', 'Radomiła', 'Wędrychowska', 'Gunnhild', 'Øvrebotten',
    'Oyelaranova', 'Babatunde', 'Quenneville-Adeyemi', 'Maëlys', 'Brzęczyszczykiewicz', 'Grzegorz', 'Ruggiero-Vantaggi', 'Ottavio',
    'Aðalsteinsdóttir', 'Sigurlaug', 'Kristjánsdóttir', 'Hrafnhildur', 'Lindqvistberg', 'Åsa-Maj', 'Pálsdóttir-Ekström', 'Ragnheiður',
    'Zawadzka-Ólafsson', 'Bronisława',
  ],
  birthDates: ['1971-02-03', '1979-08-14', '1983-05-19', '1979-08-15', '1966-12-01', '1988-11-23', '1987-11-23', '1981-07-09', '1990-03-31', '1975-10-27', '1969-04-22', '1972-06-06', '1978-04-16', '1986-01-30'],
  pins: ['81070912345', '271075-3389', '780416-2249', '86013012345'],
};
