/**
 * Static pools for the synthetic world: names with diacritics, towns, streets, company name parts,
 * institutions. Everything here is invented or common-noun material; no real person is described.
 * Countries are ISO 3166-1 alpha-2 (GR, GB); writers turn them into EESSI spellings (EL, UK) where needed.
 */

export interface NamePool {
  male: readonly string[];
  female: readonly string[];
  family: readonly string[];
}

export const NAMES: Readonly<Record<string, NamePool>> = {
  DE: {
    male: ['Jürgen', 'Björn', 'Lukas', 'Jan', 'Matthias', 'Sören', 'Jörg', 'Uwe', 'Maximilian', 'Ömer'],
    female: ['Anna', 'Jülide', 'Käthe', 'Sabine', 'Lea', 'Hannelore', 'Birgit', 'Marlène'],
    family: ['Müller', 'Schäfer', 'Weiß', 'Groß', 'Böhm', 'Krüger', 'Schmidt', 'Weber', 'Hoffmann', 'Köhler', 'Meyer-Lüdenscheidt', 'von der Heide'],
  },
  PL: {
    male: ['Łukasz', 'Paweł', 'Grzegorz', 'Zbigniew', 'Michał', 'Wojciech', 'Jarosław', 'Bartłomiej', 'Piotr'],
    female: ['Zofia', 'Małgorzata', 'Agnieszka', 'Katarzyna', 'Jadwiga', 'Bożena', 'Żaneta'],
    family: ['Wiśniewski', 'Wójcik', 'Kowalczyk', 'Zieliński', 'Szymański', 'Dąbrowski', 'Lewandowski', 'Kamiński', 'Łuczak', 'Grzegorczyk-Żak'],
  },
  RO: {
    male: ['Ștefan', 'Mihai', 'Ion', 'Gheorghe', 'Răzvan', 'Vasile', 'Constantin', 'Andrei'],
    female: ['Ioana', 'Mădălina', 'Elena', 'Ileana', 'Alexandra', 'Florența'],
    family: ['Popescu', 'Țăranu', 'Ionescu', 'Stănescu', 'Dumitrașcu', 'Căpraru', 'Munteanu', 'Bălan', 'Ștefănescu'],
  },
  PT: {
    male: ['João', 'António', 'José', 'Gonçalo', 'Sebastião', 'Rui', 'Tomé'],
    female: ['Conceição', 'Inês', 'Maria', 'Leonor', 'Joana', 'Beatriz'],
    family: ['Gonçalves', 'Simões', 'Magalhães', 'Conceição', 'Ferreira', 'Araújo', 'Falcão', 'da Silva Pereira'],
  },
  ES: {
    male: ['José', 'Jesús', 'Íñigo', 'Álvaro', 'Sergio', 'Ramón', 'Joaquín'],
    female: ['Begoña', 'María José', 'Lucía', 'Nuria', 'Pilar', 'Ainhoa'],
    family: ['Muñoz', 'Ibáñez', 'García López', 'Núñez', 'Sánchez', 'Fernández', 'Peña', 'Martínez de la Fuente'],
  },
  IT: {
    male: ['Niccolò', 'Giuseppe', 'Luca', 'Andrea', 'Nicolò', 'Salvatore', 'Mattia'],
    female: ['Chiara', 'Giulia', 'Francesca', 'Benedetta', 'Rosalìa'],
    family: ['Rossi', 'Ferrà', 'Esposito', 'Bianchi', 'Colombo', "D'Angelo", 'Lo Russo', 'Fabbri'],
  },
  BE: {
    male: ['Jean-Pierre', 'Wouter', 'Pieter', 'Frédéric', 'Thibault', 'Joris'],
    female: ['Anaïs', 'Liesbeth', 'Hélène', 'Sofie', 'Maëlle'],
    family: ['Peeters', 'Janssens', 'Vandenbroucke', 'Dubois', 'Van den Bossche', "D'Hondt", 'Lambert'],
  },
  LU: {
    male: ['Gilles', 'Tom', 'Léon', 'Romain'],
    female: ['Mireille', 'Laure', 'Josée'],
    family: ['Schmit', 'Weber', 'Hoffmann', 'Kieffer', 'Thill', 'Wagner'],
  },
  NL: {
    male: ['Daan', 'Sjoerd', 'Bram', 'Joost', 'Thijs', 'Sem'],
    female: ['Femke', 'Ilse', 'Marieke', 'Anouk', 'Eline'],
    family: ['de Vries', 'van der Berg', 'Jansen', 'Bakker', "van 't Hof", 'IJzerman', 'Visser'],
  },
  BG: {
    male: ['Georgi', 'Dimitar', 'Ivaylo', 'Hristo', 'Stoyan', 'Todor'],
    female: ['Desislava', 'Tsvetelina', 'Radka', 'Yordanka', 'Mariya'],
    family: ['Dimitrov', 'Ivanova', 'Georgiev', 'Hristova', 'Petkov', 'Todorov', 'Stoyanova'],
  },
  GR: {
    male: ['Giorgos', 'Dimitrios', 'Konstantinos', 'Nikolaos', 'Panagiotis', 'Vasileios'],
    female: ['Eleni', 'Katerina', 'Maria', 'Despoina', 'Sofia'],
    family: ['Papadopoulos', 'Oikonomou', 'Karagiannis', 'Vlachou', 'Nikolaidis', 'Georgiou'],
  },
  SK: {
    male: ['Ľubomír', 'Marek', 'Ján', 'Peter', 'Dušan'],
    female: ['Ľudmila', 'Zuzana', 'Katarína', 'Jana'],
    family: ['Horváth', 'Kováč', 'Varga', 'Tóth', 'Nagy', 'Baláž'],
  },
  CZ: {
    male: ['Jiří', 'Petr', 'Tomáš', 'Josef', 'Ondřej'],
    female: ['Jana', 'Kateřina', 'Lucie', 'Věra'],
    family: ['Dvořák', 'Novák', 'Černý', 'Procházka', 'Kučera', 'Růžička'],
  },
  HU: {
    male: ['Lőrinc', 'Gábor', 'István', 'Zoltán', 'Ödön'],
    female: ['Erzsébet', 'Réka', 'Zsófia', 'Ildikó'],
    family: ['Kovács', 'Szabó', 'Tóth', 'Németh', 'Farkas', 'Győri'],
  },
  LT: {
    male: ['Žydrūnas', 'Mindaugas', 'Tomas', 'Darius'],
    female: ['Rūta', 'Eglė', 'Aistė'],
    family: ['Kazlauskas', 'Petrauskas', 'Jankauskienė', 'Žukauskas', 'Stankevičius'],
  },
  HR: {
    male: ['Ivan', 'Đuro', 'Marko', 'Tomislav', 'Krešimir'],
    female: ['Đurđa', 'Ivana', 'Maja', 'Snježana'],
    family: ['Horvat', 'Kovačević', 'Babić', 'Jurić', 'Šarić', 'Knežević'],
  },
  SI: {
    male: ['Matej', 'Žiga', 'Rok', 'Luka'],
    female: ['Špela', 'Nina', 'Urška'],
    family: ['Novak', 'Horvat', 'Kovačič', 'Krajnc', 'Zupančič'],
  },
  AT: {
    male: ['Florian', 'Stefan', 'Andreas', 'Günther'],
    female: ['Theresa', 'Johanna', 'Lisa'],
    family: ['Gruber', 'Huber', 'Bauer', 'Wagner', 'Pichler', 'Steiner'],
  },
  FR: {
    male: ['Luc', 'François', 'Jérôme', 'Gaël', 'Hervé', 'Noël'],
    female: ['Anaïs', 'Hélène', 'Céline', 'Françoise', 'Zoé'],
    family: ['Martin', 'Lefèvre', 'Bernard', 'Dupré', 'Le Goff', 'Mercier'],
  },
  GB: {
    male: ['Oliver', 'Harry', 'Siobhán', 'George', 'Liam'],
    female: ['Amelia', 'Niamh', 'Olivia', 'Emily'],
    family: ['Smith', "O'Brien", 'Jones', 'Taylor', 'McAllister', 'Evans'],
  },
  UA: {
    male: ['Oleksandr', 'Andriy', 'Serhiy', 'Dmytro', 'Yuriy'],
    female: ['Olena', 'Oksana', 'Iryna', 'Nataliya'],
    family: ['Shevchenko', 'Kovalenko', 'Bondarenko', 'Tkachenko', 'Kravchuk'],
  },
  TR: {
    male: ['Mehmet', 'Mustafa', 'Ömer', 'Çağrı', 'İbrahim'],
    female: ['Ayşe', 'Fatma', 'Gülşen', 'Şule'],
    family: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Öztürk'],
  },
  MA: {
    male: ['Mohamed', 'Youssef', 'Hamza', 'Rachid'],
    female: ['Fatima Zahra', 'Khadija', 'Salma'],
    family: ['El Amrani', 'Benali', 'Ait Said', 'El Idrissi', 'Bennani'],
  },
  TN: {
    male: ['Karim', 'Sami', 'Walid'],
    female: ['Amira', 'Ines', 'Leïla'],
    family: ['Ben Salah', 'Trabelsi', 'Gharbi', 'Jebali'],
  },
  US: {
    male: ['Michael', 'James', 'Robert', 'José'],
    female: ['Jennifer', 'Ashley', 'Mary'],
    family: ['Johnson', 'Williams', 'Brown', 'Rodríguez', 'Miller'],
  },
  RS: {
    male: ['Nikola', 'Miloš', 'Dragan', 'Stefan'],
    female: ['Jelena', 'Milica', 'Dragana'],
    family: ['Jovanović', 'Petrović', 'Nikolić', 'Đorđević', 'Marković'],
  },
};

export interface Town {
  town: string;
  postalCode: string;
  region: string | null;
}

export const TOWNS: Readonly<Record<string, readonly Town[]>> = {
  DE: [
    { town: 'Düsseldorf', postalCode: '40210', region: 'Nordrhein-Westfalen' },
    { town: 'München', postalCode: '80331', region: 'Bayern' },
    { town: 'Köln', postalCode: '50667', region: 'Nordrhein-Westfalen' },
    { town: 'Saarbrücken', postalCode: '66111', region: 'Saarland' },
    { town: 'Görlitz', postalCode: '02826', region: 'Sachsen' },
    { town: 'Frankfurt (Oder)', postalCode: '15230', region: 'Brandenburg' },
  ],
  PL: [
    { town: 'Łódź', postalCode: '90-001', region: 'łódzkie' },
    { town: 'Wrocław', postalCode: '50-001', region: 'dolnośląskie' },
    { town: 'Kraków', postalCode: '30-001', region: 'małopolskie' },
    { town: 'Gdańsk', postalCode: '80-001', region: 'pomorskie' },
    { town: 'Opole', postalCode: '45-001', region: 'opolskie' },
    { town: 'Rzeszów', postalCode: '35-001', region: 'podkarpackie' },
  ],
  RO: [
    { town: 'București', postalCode: '010011', region: 'București' },
    { town: 'Iași', postalCode: '700001', region: 'Iași' },
    { town: 'Timișoara', postalCode: '300001', region: 'Timiș' },
    { town: 'Cluj-Napoca', postalCode: '400001', region: 'Cluj' },
    { town: 'Suceava', postalCode: '720001', region: 'Suceava' },
  ],
  PT: [
    { town: 'Braga', postalCode: '4700-001', region: 'Braga' },
    { town: 'Guimarães', postalCode: '4800-001', region: 'Braga' },
    { town: 'Porto', postalCode: '4000-001', region: 'Porto' },
    { town: 'Viseu', postalCode: '3500-001', region: 'Viseu' },
    { town: 'Setúbal', postalCode: '2900-001', region: 'Setúbal' },
  ],
  ES: [
    { town: 'Málaga', postalCode: '29001', region: 'Andalucía' },
    { town: 'Logroño', postalCode: '26001', region: 'La Rioja' },
    { town: 'Córdoba', postalCode: '14001', region: 'Andalucía' },
    { town: 'A Coruña', postalCode: '15001', region: 'Galicia' },
    { town: 'Zaragoza', postalCode: '50001', region: 'Aragón' },
  ],
  IT: [
    { town: 'Torino', postalCode: '10121', region: 'Piemonte' },
    { town: 'Forlì', postalCode: '47121', region: 'Emilia-Romagna' },
    { town: 'Cantù', postalCode: '22063', region: 'Lombardia' },
    { town: 'Napoli', postalCode: '80121', region: 'Campania' },
    { town: 'Bolzano', postalCode: '39100', region: 'Trentino-Alto Adige' },
  ],
  BE: [
    { town: 'Liège', postalCode: '4000', region: 'Wallonie' },
    { town: 'Gent', postalCode: '9000', region: 'Vlaanderen' },
    { town: 'Bruxelles', postalCode: '1000', region: 'Bruxelles-Capitale' },
    { town: 'Mons', postalCode: '7000', region: 'Wallonie' },
  ],
  LU: [
    { town: 'Luxembourg', postalCode: 'L-1111', region: null },
    { town: 'Esch-sur-Alzette', postalCode: 'L-4001', region: null },
    { town: 'Differdange', postalCode: 'L-4501', region: null },
  ],
  NL: [
    { town: 'Rotterdam', postalCode: '3011 AA', region: 'Zuid-Holland' },
    { town: 'Eindhoven', postalCode: '5611 AA', region: 'Noord-Brabant' },
    { town: "'s-Hertogenbosch", postalCode: '5211 AA', region: 'Noord-Brabant' },
    { town: 'Venlo', postalCode: '5911 AA', region: 'Limburg' },
  ],
  BG: [
    { town: 'Sofia', postalCode: '1000', region: 'Sofia-grad' },
    { town: 'Plovdiv', postalCode: '4000', region: 'Plovdiv' },
    { town: 'Varna', postalCode: '9000', region: 'Varna' },
    { town: 'Blagoevgrad', postalCode: '2700', region: 'Blagoevgrad' },
  ],
  GR: [
    { town: 'Athína', postalCode: '105 51', region: 'Attiki' },
    { town: 'Thessaloníki', postalCode: '546 21', region: 'Kentriki Makedonia' },
    { town: 'Pátra', postalCode: '262 21', region: 'Dytiki Ellada' },
  ],
  SK: [
    { town: 'Košice', postalCode: '040 01', region: 'Košický kraj' },
    { town: 'Žilina', postalCode: '010 01', region: 'Žilinský kraj' },
    { town: 'Bratislava', postalCode: '811 01', region: 'Bratislavský kraj' },
  ],
  CZ: [
    { town: 'Brno', postalCode: '602 00', region: 'Jihomoravský kraj' },
    { town: 'Ostrava', postalCode: '702 00', region: 'Moravskoslezský kraj' },
    { town: 'Plzeň', postalCode: '301 00', region: 'Plzeňský kraj' },
  ],
  HU: [
    { town: 'Győr', postalCode: '9021', region: 'Győr-Moson-Sopron' },
    { town: 'Debrecen', postalCode: '4024', region: 'Hajdú-Bihar' },
    { town: 'Pécs', postalCode: '7621', region: 'Baranya' },
  ],
  LT: [
    { town: 'Vilnius', postalCode: 'LT-01001', region: null },
    { town: 'Kaunas', postalCode: 'LT-44001', region: null },
    { town: 'Šiauliai', postalCode: 'LT-76001', region: null },
  ],
  HR: [
    { town: 'Zagreb', postalCode: '10000', region: 'Grad Zagreb' },
    { town: 'Osijek', postalCode: '31000', region: 'Osječko-baranjska' },
    { town: 'Split', postalCode: '21000', region: 'Splitsko-dalmatinska' },
  ],
  SI: [
    { town: 'Ljubljana', postalCode: '1000', region: null },
    { town: 'Maribor', postalCode: '2000', region: null },
  ],
  AT: [
    { town: 'Wien', postalCode: '1010', region: 'Wien' },
    { town: 'Graz', postalCode: '8010', region: 'Steiermark' },
    { town: 'Linz', postalCode: '4020', region: 'Oberösterreich' },
  ],
  FR: [
    { town: 'Lyon', postalCode: '69003', region: 'Auvergne-Rhône-Alpes' },
    { town: 'Paris', postalCode: '75019', region: 'Île-de-France' },
    { town: 'Marseille', postalCode: '13002', region: "Provence-Alpes-Côte d'Azur" },
    { town: 'Lille', postalCode: '59000', region: 'Hauts-de-France' },
    { town: 'Saint-Étienne', postalCode: '42000', region: 'Auvergne-Rhône-Alpes' },
    { town: 'Nantes', postalCode: '44000', region: 'Pays de la Loire' },
    { town: 'Bordeaux', postalCode: '33000', region: 'Nouvelle-Aquitaine' },
    { town: 'Strasbourg', postalCode: '67000', region: 'Grand Est' },
    { town: 'Châlons-en-Champagne', postalCode: '51000', region: 'Grand Est' },
    { town: 'Avignon', postalCode: '84000', region: "Provence-Alpes-Côte d'Azur" },
    { town: 'Flers-en-Escrebieux', postalCode: '59128', region: 'Hauts-de-France' },
    { town: 'Lamballe-Armor', postalCode: '22400', region: 'Bretagne' },
  ],
  GB: [
    { town: 'Manchester', postalCode: 'M1 1AE', region: 'Greater Manchester' },
    { town: 'Leeds', postalCode: 'LS1 1UR', region: 'West Yorkshire' },
  ],
  UA: [{ town: 'Lviv', postalCode: '79000', region: 'Lvivska oblast' }],
  TR: [{ town: 'İstanbul', postalCode: '34000', region: null }],
  MA: [{ town: 'Casablanca', postalCode: '20000', region: 'Casablanca-Settat' }],
  TN: [{ town: 'Sfax', postalCode: '3000', region: null }],
  US: [
    { town: 'Houston', postalCode: '77002', region: 'TX' },
    { town: 'Newark', postalCode: '07102', region: 'NJ' },
  ],
  RS: [{ town: 'Niš', postalCode: '18000', region: null }],
};

export const STREETS: Readonly<Record<string, readonly string[]>> = {
  DE: ['Industriestr. 7', 'Hauptstraße 12', 'Gewerbepark Süd 3', 'Am Güterbahnhof 21', 'Lindenallee 4a'],
  PL: ['ul. Piotrkowska 104', 'ul. Świętokrzyska 12', 'ul. Przemysłowa 8', 'al. Jana Pawła II 27'],
  RO: ['Strada Ștefan cel Mare 14', 'Bulevardul Unirii 7', 'Calea Victoriei 155', 'Strada Fabricii 3'],
  PT: ['Rua da Conceição 45', 'Avenida da Liberdade 120', 'Rua São João 8', 'Zona Industrial Lote 12'],
  ES: ['Calle Mayor 3', 'Avenida de la Constitución 21', 'Polígono Industrial El Pilar, nave 4', 'Calle Núñez de Balboa 10'],
  IT: ['Via Roma 12', 'Corso Vittorio Emanuele II 45', 'Via dell\u2019Industria 9', 'Piazza Garibaldi 3'],
  BE: ['Rue de la Station 14', 'Kerkstraat 22', 'Avenue Louise 231', 'Industrieweg 5'],
  LU: ['Rue de Luxembourg 42', "Boulevard Grande-Duchesse Charlotte 17", 'Zone Industrielle 3'],
  NL: ['Industrieweg 12', 'Havenstraat 3', 'Keizersgracht 101', 'Middenweg 88'],
  BG: ['ul. "Tsar Simeon" 23', 'bul. "Vitosha" 1', 'ul. "Industrialna" 4'],
  GR: ['Odos Ermou 12', 'Leoforos Kifisias 120', 'Odos Egnatias 45'],
  SK: ['Hlavná 12', 'Priemyselná 5', 'Štúrova 3'],
  CZ: ['Hlavní 12', 'Průmyslová 8', 'Náměstí Míru 4'],
  HU: ['Fő utca 12', 'Ipari park 3', 'Kossuth Lajos utca 7'],
  LT: ['Gedimino pr. 9', 'Pramonės g. 4', 'Laisvės al. 22'],
  HR: ['Ilica 12', 'Vukovarska 58', 'Industrijska zona 3'],
  SI: ['Slovenska cesta 9', 'Industrijska cesta 2'],
  AT: ['Mariahilfer Straße 12', 'Industriezeile 4'],
  FR: ['12 rue de la Villette', '3 avenue Jean Jaurès', "ZAC des Hauts-de-l'Orne, lot 7", '45 boulevard Haussmann', '8 chemin des Écoliers', 'Chantier ilot B, quai Rambaud'],
  GB: ['12 Deansgate', '4 Park Row'],
  UA: ['vul. Shevchenka 10'],
  TR: ['Atatürk Cd. No:12'],
  MA: ['12 Boulevard Zerktouni'],
  TN: ['Avenue Habib Bourguiba 5'],
  US: ['1200 Main Street', '45 Industrial Pkwy'],
  RS: ['Obrenovićeva 12'],
};

/** Legal forms per country, with how the name is assembled. */
export const LEGAL_FORMS: Readonly<Record<string, readonly string[]>> = {
  DE: ['GmbH', 'GmbH & Co. KG', 'AG', 'UG (haftungsbeschränkt)'],
  PL: ['Sp. z o.o.', 'S.A.', 'Sp. j.'],
  RO: ['SRL', 'S.A.'],
  PT: ['Lda.', 'S.A.', 'Unipessoal Lda.'],
  ES: ['S.L.', 'S.A.', 'S.L.U.'],
  IT: ['S.r.l.', 'S.p.A.', 'S.n.c.'],
  BE: ['SRL', 'BV', 'SA'],
  LU: ['S.à r.l.', 'S.A.'],
  NL: ['B.V.', 'V.O.F.'],
  BG: ['EOOD', 'OOD', 'AD'],
  GR: ['A.E.', 'E.P.E.', 'I.K.E.'],
  SK: ['s.r.o.', 'a.s.'],
  CZ: ['s.r.o.', 'a.s.'],
  HU: ['Kft.', 'Zrt.'],
  LT: ['UAB', 'AB'],
  HR: ['d.o.o.', 'd.d.'],
  SI: ['d.o.o.'],
  AT: ['GmbH', 'KG'],
  FR: ['SAS', 'SARL', 'SA', 'EURL'],
  GB: ['Ltd', 'LLP'],
  US: ['Inc.', 'LLC'],
  TN: ['SARL'],
  MA: ['SARL'],
  TR: ['A.Ş.', 'Ltd. Şti.'],
  RS: ['d.o.o.'],
};

export type Sector = 'construction' | 'transport' | 'agriculture' | 'industry' | 'temp-work';

export const SECTORS: readonly (readonly [Sector, number])[] = [
  ['construction', 40],
  ['transport', 15],
  ['agriculture', 12],
  ['industry', 18],
  ['temp-work', 15],
];

/** Words for company names by sector: each a list of stems; `{town}` and `{family}` are substituted. */
export const COMPANY_STEMS: Readonly<Record<Sector, readonly string[]>> = {
  construction: ['Bau & Montage', 'Budimex-{town}', 'Construcciones {family}', '{family} Construct', 'Edilizia {family}', 'Bouw {family}', '"Stroy Invest"', 'Fassaden {family}', 'Isolamenti Nord', 'Obras y Reformas {town}', 'Steel & Glass Facades', 'Rénov\'Bat'],
  transport: ['Trans-{town}', 'Transportes {family}', 'Spedition {family}', 'Logistica {family}', 'EuroCargo {town}', '"Balkan Trans"', 'Trucking & Co'],
  agriculture: ['Agro-{town}', 'Recoltes {family}', 'AgriWork {town}', 'Sezonieri {family}', 'Frutas {family}', 'Green Harvest'],
  industry: ['Metalurgia {family}', 'Stahlbau {family}', 'Schweißtechnik {town}', 'Montaż Przemysłowy {family}', 'Elettromeccanica {family}', 'Industrial Services <{town}>'],
  'temp-work': ['Work & Go', 'ProStaff {town}', 'Interim {family}', 'Personal-Service {family}', 'Agenția de Muncă {family}', 'Flex Talent', 'Euro-Job {town}'],
};

export const SERVICE_NATURES: Readonly<Record<Sector, readonly string[]>> = {
  construction: ['installation of facades', 'structural steelwork', 'interior finishing works', 'scaffolding', 'roof insulation', 'electrical installation on site'],
  transport: ['international road haulage', 'cabotage operations', 'coach passenger transport', 'removal services'],
  agriculture: ['fruit harvesting', 'grape harvest (vendanges)', 'greenhouse work', 'livestock handling'],
  industry: ['maintenance of production lines', 'welding and assembly', 'shipyard outfitting', 'meat cutting and processing'],
  'temp-work': ['provision of temporary workers (construction)', 'provision of temporary workers (logistics)', 'provision of temporary workers (industry)'],
};

/** French client name stems. */
export const CLIENT_STEMS: readonly string[] = [
  'Chantier Part-Dieu',
  'Bâtiments Rhône-Alpes',
  'Transports Lefèvre & Fils',
  "Abattoirs de l'Ouest",
  'Vignobles Château Saint-Émilion',
  'Constructions Navales de Saint-Nazaire',
  'Logistique Île-de-France',
  'Façades & Structures du Nord',
  'Serres de Provence',
  'Métallerie Dupré',
  'Aciéries Grand Est',
  'Résidence Les Érables',
];

export const CLIENT_FORMS: readonly string[] = ['SAS', 'SARL', 'SA', 'SCEA', 'SNC'];

/**
 * Institutions that send LA SEDs and issue certificates, per country. Ids match `CC:[A-Za-z0-9]{4,10}`.
 * Invented identifiers in the style of the EESSI directory.
 */
export const INSTITUTIONS: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  DE: [['DE:12345', 'DVKA Deutsche Verbindungsstelle'], ['DE:DRV0001', 'Deutsche Rentenversicherung'], ['DE:GKV20001', 'GKV-Spitzenverband']],
  PL: [['PL:ZUS0001', 'Zakład Ubezpieczeń Społecznych'], ['PL:ZUS0450', 'ZUS Oddział w Łodzi']],
  RO: [['RO:CNPP0001', 'Casa Națională de Pensii Publice'], ['RO:CNAS0001', 'Casa Națională de Asigurări de Sănătate']],
  PT: [['PT:ISS0001', 'Instituto da Segurança Social, I.P.']],
  ES: [['ES:TGSS0001', 'Tesorería General de la Seguridad Social'], ['ES:INSS0001', 'Instituto Nacional de la Seguridad Social']],
  IT: [['IT:INPS0001', 'Istituto Nazionale della Previdenza Sociale'], ['IT:INPS0230', 'INPS Direzione Torino']],
  BE: [['BE:ONSS0001', "Office national de sécurité sociale"], ['BE:INASTI01', "Institut national d'assurances sociales pour travailleurs indépendants"]],
  LU: [['LU:CCSS0001', 'Centre commun de la sécurité sociale']],
  NL: [['NL:SVB0001', 'Sociale Verzekeringsbank']],
  BG: [['BG:NRA0001', 'National Revenue Agency']],
  GR: [['EL:EFKA0001', 'e-EFKA']],
  SK: [['SK:SP00001', 'Sociálna poisťovňa']],
  CZ: [['CZ:CSSZ0001', 'Česká správa sociálního zabezpečení']],
  HU: [['HU:NEAK0001', 'Nemzeti Egészségbiztosítási Alapkezelő']],
  LT: [['LT:SODRA001', 'Sodra']],
  HR: [['HR:HZMO0001', 'Hrvatski zavod za mirovinsko osiguranje']],
  SI: [['SI:ZZZS0001', 'Zavod za zdravstveno zavarovanje Slovenije']],
  AT: [['AT:DVSV0001', 'Dachverband der Sozialversicherungsträger']],
  GB: [['UK:HMRC0001', 'HM Revenue & Customs']],
  FR: [['FR:URSSAF01', 'URSSAF Caisse nationale'], ['FR:CLEISS01', 'CLEISS'], ['FR:MSA00001', 'Caisse centrale de la MSA']],
};

/** Receivers of the SEDs (the French side). */
export const FR_RECEIVERS: readonly (readonly [string, string])[] = [
  ['FR:URSSAF01', 'URSSAF Caisse nationale'],
  ['FR:URSSAF01', 'URSSAF Caisse nationale'],
  ['FR:URSSAF01', 'URSSAF Caisse nationale'],
  ['FR:CLEISS01', 'CLEISS'],
  ['FR:MSA00001', 'Caisse centrale de la MSA'],
];

/** Bilateral-agreement partner countries (not EU/EEA/CH/UK) and the form their postings use. */
export const BILATERAL_FORMS: Readonly<Record<string, string>> = {
  US: 'SE 404-1',
  TN: 'SE 351-01',
  MA: 'SE 350-01',
  TR: 'SE 208-01',
  RS: 'SE 385-01',
};

/** Issuer ids of bilateral partner institutions (invented, pattern-compatible). */
export const BILATERAL_ISSUERS: Readonly<Record<string, string>> = {
  US: 'US:SSA00001',
  TN: 'TN:CNSS0001',
  MA: 'MA:CNSS0001',
  TR: 'TR:SGK00001',
  RS: 'RS:RFPIO001',
};

export const LIAISON_PHONE_PREFIX: Readonly<Record<string, string>> = {
  DE: '+49', PL: '+48', RO: '+40', PT: '+351', ES: '+34', IT: '+39', BE: '+32', LU: '+352', NL: '+31', BG: '+359',
  GR: '+30', SK: '+421', CZ: '+420', HU: '+36', LT: '+370', HR: '+385', SI: '+386', AT: '+43', GB: '+44', US: '+1',
  TN: '+216', MA: '+212', TR: '+90', RS: '+381', FR: '+33', UA: '+380',
};

/** Sending states: weight in the synthetic world. */
export const SENDING_STATES: readonly (readonly [string, number])[] = [
  ['PL', 18], ['DE', 12], ['ES', 10], ['PT', 10], ['RO', 9], ['IT', 8], ['BE', 7], ['LU', 5], ['NL', 4],
  ['BG', 4], ['GR', 2], ['SK', 2], ['CZ', 1.5], ['HU', 1.5], ['LT', 1.5], ['HR', 1.5], ['SI', 1], ['AT', 1], ['GB', 1.5],
];

/** Non-EU states with a bilateral agreement with France, used for a small share of companies. */
export const BILATERAL_STATES: readonly (readonly [string, number])[] = [['US', 3], ['TN', 2], ['MA', 2], ['TR', 2], ['RS', 1]];

/** Which nationalities a company of a given country tends to employ (beyond its own). */
export const WORKFORCE: Readonly<Record<string, readonly (readonly [string, number])[]>> = {
  PL: [['PL', 80], ['UA', 15], ['LT', 3], ['RO', 2]],
  DE: [['DE', 45], ['PL', 15], ['RO', 12], ['TR', 8], ['HR', 6], ['BG', 6], ['HU', 4], ['CZ', 4]],
  ES: [['ES', 75], ['RO', 10], ['MA', 10], ['PT', 5]],
  PT: [['PT', 85], ['ES', 5], ['UA', 5], ['RO', 5]],
  RO: [['RO', 95], ['BG', 3], ['HU', 2]],
  IT: [['IT', 70], ['RO', 15], ['MA', 5], ['TN', 5], ['GR', 5]],
  BE: [['BE', 55], ['PL', 15], ['RO', 10], ['BG', 10], ['PT', 5], ['FR', 5]],
  LU: [['LU', 10], ['PT', 35], ['FR', 20], ['BE', 15], ['DE', 10], ['RO', 10]],
  NL: [['NL', 50], ['PL', 25], ['RO', 10], ['BG', 10], ['LT', 5]],
  BG: [['BG', 90], ['RO', 5], ['GR', 5]],
  GR: [['GR', 80], ['BG', 10], ['RO', 10]],
  SK: [['SK', 80], ['CZ', 10], ['HU', 10]],
  CZ: [['CZ', 80], ['SK', 15], ['UA', 5]],
  HU: [['HU', 85], ['RO', 10], ['SK', 5]],
  LT: [['LT', 80], ['UA', 15], ['PL', 5]],
  HR: [['HR', 80], ['RS', 10], ['SI', 10]],
  SI: [['SI', 60], ['HR', 25], ['RS', 15]],
  AT: [['AT', 50], ['HU', 20], ['SK', 15], ['SI', 15]],
  GB: [['GB', 80], ['PL', 10], ['RO', 10]],
  US: [['US', 100]],
  TN: [['TN', 100]],
  MA: [['MA', 100]],
  TR: [['TR', 100]],
  RS: [['RS', 100]],
};
