/** Synthetic corpus generator: public API. See core/synth/README.md. */
export { generateCorpus, corpusWorld, newVersionOf, DEFAULT_SHAPE_MIX } from './corpus.js';
export type { CorpusOptions, ShapeMix, SynthExpect, SynthExpectKind, SynthMessage, SynthTopic, SynthTruth } from './corpus.js';
export { toNdjsonLine, writeNdjson, type NdjsonStats } from './ndjson.js';
export { writeXml, escapeXml, eessiNamespace, type XmlWriteOptions } from './write-xml.js';
export { writeRina, rinaObject, type RinaWriteOptions } from './write-rina.js';
export { writeNav, navObject, type NavWriteOptions } from './write-nav.js';
export { toSedContent, cdmVersionOf, eessiCountry, BUC_OF_SED, SHAPE_FORMAT } from './model.js';
export type { Shape, SynthSed, SynthSedPerson, SynthSedPin, SynthSedWorkplace } from './model.js';
export { buildSed, SUPPORTED_SED_TYPES, UNSUPPORTED_SED_TYPE } from './build-sed.js';
export { World, EU_STATES, FRAUD_PATTERNS, PLANTED_COMPANY_SHARE } from './population.js';
export type { Engagement, FraudPattern, SynthCompany, SynthClient, SynthProject, SynthPersonBase, ProjectKind } from './population.js';
export { buildDeclaration, nextDeclarationVersion, isDeclarable, type PostingDeclaration } from './declarations.js';
export { buildCertificate, nextCertificateEvent, certificateNumber, type CertificateEvent } from './certificates.js';
export { Rng, isoDate, dayOf, parseIsoDay, seedFor, hash32 } from './random.js';
export { luhnValid, isValidSiret, isValidSiren, personalId, companyIds } from './ids.js';
export { dropDiacritics, nameVariant, typo } from './names.js';
export { plantedTruth, targetingQuality, engagementPatterns, type PlantedTruth, type TargetingQuality, type PatternQuality, type RankedCompany, type FlagRef } from './planted.js';
