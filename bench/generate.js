// Generates deterministic, realistic Chorus workspaces (accounts, a year of monthly calendars) for the bench and tests.
// Plain ESM JavaScript with JSDoc types, so `npm run bench` needs no build step beyond the CLI's own.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * @typedef {object} GenerateOptions
 * @property {number} accounts Number of accounts.
 * @property {number} postsPerAccount Posts per account, spread over `months` months.
 * @property {number} [seed] PRNG seed (default 1); the same seed gives byte-identical files.
 * @property {number} [months] How many months the calendars cover (default 12).
 * @property {string} [start] First local day of the calendars, "YYYY-MM-DD" (default "2027-01-01").
 * @property {number} [queuedShare] Share of posts without `at`, placed by the planner (default 0.08).
 * @property {number} [threadShare] Share of posts with a thread (default 0.1).
 * @property {number} [dealShare] Share of deals among posts (default 0.15; keep it under promo-share limits).
 * @property {number} [employeeShare] Share of employee accounts that carry a disclosure hashtag (default 0.1).
 */

/**
 * @typedef {object} GeneratedWorkspace
 * @property {string} root The workspace folder.
 * @property {number} files Files written (account files, calendars and chorus.yaml).
 * @property {number} posts Posts written.
 * @property {number} bytes Bytes written.
 * @property {string} now An instant just before the first post, for `--now`.
 */

/** Default first day of the generated calendars; `GENERATED_NOW` is the instant the bench lints at. */
export const GENERATED_START = '2027-01-01';
export const GENERATED_NOW = '2026-12-31T12:00:00Z';

/**
 * Seeded PRNG (mulberry32): fast, 32-bit state, good enough for test data and fully reproducible.
 * @param {number} seed
 * @returns {() => number} a function returning floats in [0, 1)
 */
export function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** @typedef {{ float: () => number, int: (n: number) => number, pick: <T>(list: readonly T[]) => T, chance: (p: number) => boolean }} Random */

/**
 * @param {number} seed
 * @returns {Random}
 */
function makeRandom(seed) {
  const float = mulberry32(seed);
  /** @param {number} n */
  const int = (n) => Math.floor(float() * n);
  return {
    float,
    int,
    pick: (list) => /** @type {any} */ (list[int(list.length)]),
    chance: (p) => float() < p,
  };
}

/** Languages with their zones, vocabulary and sentence frames; `{x}` slots take vocabulary words. */
const LANGUAGES = {
  en: {
    zones: [
      'America/New_York',
      'America/Los_Angeles',
      'Europe/London',
      'America/Chicago',
      'Australia/Sydney',
    ],
    nouns: [
      'jacket',
      'backpack',
      'kettle',
      'headphones',
      'notebook',
      'sneakers',
      'lamp',
      'blender',
      'tent',
      'umbrella',
      'bike light',
      'water bottle',
      'desk chair',
      'keyboard',
      'coffee grinder',
      'rain boots',
      'sleeping bag',
      'phone case',
      'travel mug',
      'wool scarf',
      'cast-iron pan',
      'tool kit',
      'gift card',
    ],
    adjectives: [
      'lightweight',
      'recycled',
      'waterproof',
      'handmade',
      'quiet',
      'foldable',
      'limited',
      'classic',
      'new',
      'refurbished',
      'compact',
      'warm',
      'durable',
      'bright',
      'bestselling',
      'seasonal',
    ],
    places: [
      'Brooklyn',
      'Austin',
      'Leeds',
      'Denver',
      'Portland',
      'Melbourne',
      'Toronto',
      'Bristol',
      'Seattle',
    ],
    verbs: ['restocked', 'redesigned', 'tested', 'reviewed', 'shipped', 'repaired', 'unboxed', 'compared'],
    frames: [
      'We {verb} the {adj} {noun} and wrote down everything we learned.',
      "Our {place} team picked the {adj} {noun} as this week's favourite.",
      'How do you care for a {adj} {noun}? Five tips from our repair desk.',
      'The {adj} {noun} is back in stock in {place} and online.',
      'Behind the scenes: how we {verb} {num} {noun}s in one afternoon.',
      'Question of the week: what would you change about the {noun}?',
      'Thank you, {place}! {num} of you came to the {noun} workshop.',
      '{num} years ago we sold our first {noun}. Here is what changed since.',
      'Store update: {place} opens at {hour} on Saturdays from now on.',
      'Customer story: a {adj} {noun} that survived {num} winters.',
    ],
    deals: [
      '{pct}% off every {adj} {noun} until Sunday.',
      'Two for one on the {noun}: this weekend only, in {place} and online.',
      'Members save {pct}% on {adj} {noun}s this week.',
      'Last chance: the {adj} {noun} at {price} while stock lasts.',
    ],
    hashtags: ['#outdoors', '#repair', '#sustainability', '#gear', '#weekend', '#DIY', '#coffee', '#travel'],
  },
  de: {
    zones: ['Europe/Berlin', 'Europe/Vienna', 'Europe/Zurich'],
    nouns: [
      'Rucksack',
      'Wasserkocher',
      'Kopfhörer',
      'Notizbuch',
      'Turnschuh',
      'Lampe',
      'Zelt',
      'Regenschirm',
      'Fahrradlicht',
      'Schreibtischstuhl',
      'Tastatur',
      'Kaffeemühle',
      'Schlafsack',
      'Thermobecher',
      'Wollschal',
      'Gutschein',
      'Werkzeugkoffer',
    ],
    adjectives: [
      'leichte',
      'recycelte',
      'wasserdichte',
      'handgemachte',
      'leise',
      'faltbare',
      'klassische',
      'neue',
      'kompakte',
      'warme',
      'robuste',
      'beliebte',
    ],
    places: ['Berlin', 'Hamburg', 'München', 'Köln', 'Wien', 'Zürich', 'Leipzig', 'Graz'],
    verbs: ['getestet', 'überarbeitet', 'repariert', 'verglichen', 'ausgepackt', 'nachbestellt'],
    frames: [
      'Wir haben die {adj} {noun} {verb} und alles aufgeschrieben.',
      'Unser Team in {place} wählt die {adj} {noun} zum Favoriten der Woche.',
      'Wie pflegt man eine {adj} {noun}? Fünf Tipps aus unserer Werkstatt.',
      'Die {adj} {noun} ist wieder da – in {place} und online.',
      'Blick hinter die Kulissen: {num} Stück {noun} an einem Nachmittag {verb}.',
      'Frage der Woche: Was würdet ihr an der {noun} ändern?',
      'Danke, {place}! {num} von euch waren beim {noun}-Workshop.',
      'Neu ab {hour} Uhr: Unsere Filiale in {place} öffnet samstags früher.',
    ],
    deals: [
      '{pct} % Rabatt auf jede {adj} {noun} bis Sonntag.',
      'Nur dieses Wochenende: zwei zum Preis von einem bei {noun} in {place}.',
      'Mitglieder sparen diese Woche {pct} % auf {adj} {noun}.',
    ],
    hashtags: ['#nachhaltig', '#reparieren', '#Wochenende', '#Outdoor', '#Kaffee', '#Handwerk'],
  },
  es: {
    zones: ['Europe/Madrid', 'America/Mexico_City', 'America/Bogota', 'America/Argentina/Buenos_Aires'],
    nouns: [
      'mochila',
      'hervidor',
      'auriculares',
      'cuaderno',
      'zapatillas',
      'lámpara',
      'tienda de campaña',
      'paraguas',
      'luz de bici',
      'silla de escritorio',
      'teclado',
      'molinillo',
      'saco de dormir',
      'taza térmica',
    ],
    adjectives: [
      'ligera',
      'reciclada',
      'impermeable',
      'artesanal',
      'silenciosa',
      'plegable',
      'clásica',
      'nueva',
    ],
    places: ['Madrid', 'Sevilla', 'Valencia', 'Ciudad de México', 'Bogotá', 'Buenos Aires', 'Bilbao'],
    verbs: ['probado', 'rediseñado', 'reparado', 'comparado', 'desempaquetado'],
    frames: [
      'Hemos {verb} la {noun} {adj} y te contamos todo.',
      'Nuestro equipo de {place} elige la {noun} {adj} como favorita de la semana.',
      '¿Cómo cuidar una {noun} {adj}? Cinco consejos de nuestro taller.',
      'La {noun} {adj} vuelve a estar disponible en {place} y en línea.',
      '¡Gracias, {place}! {num} personas vinieron al taller de {noun}.',
      'Pregunta de la semana: ¿qué cambiarías de la {noun}?',
    ],
    deals: [
      '{pct} % de descuento en toda {noun} {adj} hasta el domingo.',
      'Solo este fin de semana: dos por uno en {noun} en {place}.',
      'Los socios ahorran un {pct} % en la {noun} {adj} esta semana.',
    ],
    hashtags: ['#sostenible', '#findesemana', '#hazlotúmismo', '#café', '#viajes', '#reparar'],
  },
  ja: {
    zones: ['Asia/Tokyo'],
    nouns: [
      'リュック',
      'ケトル',
      'ヘッドホン',
      'ノート',
      'スニーカー',
      'ランプ',
      'テント',
      '傘',
      'キーボード',
      'マグカップ',
    ],
    adjectives: ['軽量', '防水', '手作り', '静音', '折りたたみ', '定番', '新作', '限定'],
    places: ['東京', '大阪', '京都', '札幌', '福岡', '名古屋', '横浜'],
    verbs: ['試しました', '修理しました', '比べました', '開封しました'],
    frames: [
      '{adj}の{noun}を{verb}。感想をまとめました。',
      '{place}店のスタッフが選ぶ今週のおすすめは{adj}の{noun}です。',
      '{noun}のお手入れ方法、5つのコツを紹介します。',
      '{adj}の{noun}が{place}店とオンラインで再入荷しました。',
      '{place}の皆さん、ありがとうございました！{num}名の方にご参加いただきました。',
      '今週の質問：{noun}のどこを改善してほしいですか？',
    ],
    deals: ['{adj}の{noun}が日曜日まで{pct}%オフ。', '今週末限定：{place}店で{noun}が2点目半額。'],
    hashtags: ['#週末', '#アウトドア', '#コーヒー', '#修理', '#新作'],
  },
};

/** @typedef {keyof typeof LANGUAGES} Language */
const LANGUAGE_IDS = /** @type {Language[]} */ (Object.keys(LANGUAGES));

const THIRD_PARTY = [
  'https://www.theverge.com/reviews',
  'https://github.com/acme-labs/repair-guides',
  'https://en.wikipedia.org/wiki/Repairability',
  'https://www.ifixit.com/Guide',
  'https://news.ycombinator.com/item',
  'https://www.heise.de/tests',
  'https://www.youtube.com/watch',
];
const BRAND_HOSTS = ['shop.acme.example.com', 'acme.example.com', 'blog.acme.example.com'];
const PEOPLE = ['ana', 'ben', 'chloe', 'dev', 'emma', 'felix', 'gita', 'hugo', 'ines', 'jun', 'kai', 'lena'];
const SLOT_TIMES = ['08:30', '10:00', '11:30', '13:00', '14:30', '16:00', '17:30', '19:00'];

/** @type {Record<Language, string>} */
const DETAILS = {
  en: 'Ask for {noun} or {noun}, ref {num}.',
  de: 'Fragt nach {noun} oder {noun}, Nr. {num}.',
  es: 'Pregunta por {noun} o {noun}, ref. {num}.',
  ja: '{noun}と{noun}もどうぞ（{num}番）。',
};

const SYLLABLES = [
  'ka',
  'lo',
  'ri',
  'tan',
  'mer',
  'vo',
  'sel',
  'dun',
  'bri',
  'ash',
  'kes',
  'trel',
  'mo',
  'ra',
  'fen',
  'gil',
  'nor',
  'yar',
  'lis',
  'pe',
  'quin',
  'sor',
  'tu',
  'wen',
];

/**
 * A product name like "Kestrel 42" or "Tanmo Lite": about 24³ × 90 combinations.
 * @param {Random} random
 */
function productName(random) {
  const syllables = 2 + random.int(2);
  let word = '';
  for (let i = 0; i < syllables; i++) word += random.pick(SYLLABLES);
  const name = word.charAt(0).toUpperCase() + word.slice(1);
  return random.chance(0.6)
    ? `${name} ${10 + random.int(90)}`
    : `${name} ${random.pick(['Lite', 'Pro', 'Trail', 'Alpine', 'Mini'])}`;
}

/**
 * @param {string} template
 * @param {Random} random
 * @param {(typeof LANGUAGES)[Language]} lang
 */
function fill(template, random, lang) {
  return template.replace(/\{(\w+)\}/g, (_, slot) => {
    switch (slot) {
      case 'noun':
        // Most posts name a product from a large catalogue, as real calendars do; this keeps the texts of
        // a hundred accounts as distinct as real ones (duplicate rules) instead of 6-10 frames × a few nouns.
        return random.chance(0.75) ? productName(random) : random.pick(lang.nouns);
      case 'adj':
        return random.pick(lang.adjectives);
      case 'place':
        return random.pick(lang.places);
      case 'verb':
        return random.pick(lang.verbs);
      case 'num':
        return String(2 + random.int(480));
      case 'pct':
        return String(5 * (2 + random.int(9)));
      case 'price':
        return `$${9 + random.int(190)}.${random.pick(['00', '49', '95', '99'])}`;
      case 'hour':
        return `${7 + random.int(4)}:${random.pick(['00', '30'])}`;
      default:
        return slot;
    }
  });
}

/**
 * A YAML scalar for `text`: double-quoted (JSON is valid YAML) or, for multi-line text, a literal block.
 * @param {string} text
 * @param {string} indent
 */
function yamlText(text, indent) {
  if (text.includes('\n'))
    return `|-\n${text
      .split('\n')
      .map((line) => (line ? `${indent}  ${line}` : ''))
      .join('\n')}`;
  return JSON.stringify(text);
}

/**
 * Fisher-Yates shuffle in place.
 * @template T
 * @param {T[]} list
 * @param {Random} random
 */
function shuffle(list, random) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [list[i], list[j]] = [/** @type {T} */ (list[j]), /** @type {T} */ (list[i])];
  }
  return list;
}

/** @param {number} n */
const pad = (n) => String(n).padStart(2, '0');

/**
 * Local calendar days from `start`, as [year, month, day, weekday].
 * @param {string} start
 * @param {number} months
 * @returns {[number, number, number, number][]}
 */
function daysOf(start, months) {
  const first = new Date(`${start}T00:00:00Z`);
  const end = new Date(first);
  end.setUTCMonth(end.getUTCMonth() + months);
  /** @type {[number, number, number, number][]} */
  const days = [];
  for (const d = new Date(first); d < end; d.setUTCDate(d.getUTCDate() + 1)) {
    days.push([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCDay()]);
  }
  return days;
}

/**
 * Generate the files of a workspace in memory: path → text. Deterministic for a given seed and options.
 * @param {GenerateOptions} options
 * @returns {{ files: Map<string, string>, posts: number }}
 */
export function generateWorkspaceFiles(options) {
  const {
    accounts,
    postsPerAccount,
    seed = 1,
    months = 12,
    start = GENERATED_START,
    queuedShare = 0.08,
    threadShare = 0.1,
    dealShare = 0.15,
    employeeShare = 0.1,
  } = options;
  const random = makeRandom(seed);
  /** @type {Map<string, string>} */
  const files = new Map();
  let postCount = 0;

  files.set(
    'chorus.yaml',
    [
      '# Workspace defaults for every account (generated by bench/generate.js).',
      'limits:',
      '  max_posts_per_day: 8',
      '  min_gap_minutes: 60',
      '  promo_share: 0.5', // with ~15% deals placed at random, 0.4 leaves too many busy weeks over the limit
      '  max_hashtags: 3',
      '  max_mentions: 3',
      '  max_links: 2',
      '  quiet_hours: { start: "22:00", end: "07:00" }',
      'tracking:',
      `  domains: [${BRAND_HOSTS.slice(0, 2).join(', ')}]`,
      '  categories: [deals, blog, news]',
      'disclosure: "#AcmeEmployee"',
      'planning:',
      '  horizon_days: 400',
      '',
    ].join('\n'),
  );

  const days = daysOf(start, months);
  for (let a = 0; a < accounts; a++) {
    const langId = LANGUAGE_IDS[a % LANGUAGE_IDS.length] ?? 'en';
    const lang = LANGUAGES[langId];
    const id = `acme-${langId}-${String(a + 1).padStart(3, '0')}`;
    const handle = `acme_${langId}_${a + 1}`.slice(0, 15);
    const employee = a > 0 && random.chance(employeeShare);
    const owner = random.pick(PEOPLE);
    const team = PEOPLE.filter((p) => p !== owner && random.chance(0.3)).slice(0, 4);
    const approvers = [owner, ...team];
    const zone = random.pick(lang.zones);
    const account = [
      `# ${employee ? 'Employee' : 'Brand'} account ${id}`,
      'platform: x',
      `handle: "@${handle}"`,
      `name: Acme ${langId.toUpperCase()} ${a + 1}`,
      employee ? 'kind: employee' : undefined,
      `timezone: ${zone}`,
      `language: ${langId}`,
      'categories: [news, deals, blog, community]',
      `owner: ${owner}`,
      `team: [${team.join(', ')}]`,
      'slots:',
      `  weekdays: [${SLOT_TIMES.map((t) => `"${t}"`).join(', ')}]`,
      `  weekends: ["10:00", "13:00", "16:00", "19:00"]`,
      'limits:',
      `  min_gap_minutes: ${random.pick([60, 75, 90])}`,
      'tracking:',
      `  domains: [${BRAND_HOSTS.join(', ')}]`,
      '  params:',
      '    utm_source: "{platform}"',
      '    utm_medium: social',
      '    utm_campaign: "{account}-{date}"',
      '    utm_content: "{code}"',
      '',
    ]
      .filter((line) => line !== undefined)
      .join('\n');
    files.set(`accounts/${id}.yaml`, account);

    // Spread posts over the days: ~postsPerAccount / days per day, at distinct slot times.
    const perDay = postsPerAccount / days.length;
    /** @type {Map<string, string[]>} */
    const byMonth = new Map();
    let written = 0;
    let carry = 0;
    for (let d = 0; d < days.length && written < postsPerAccount; d++) {
      const [year, month, day, weekday] = /** @type {[number, number, number, number]} */ (days[d]);
      carry += perDay;
      let today = Math.floor(carry);
      carry -= today;
      if (d === days.length - 1) today = postsPerAccount - written;
      const weekend = weekday === 0 || weekday === 6;
      const slots = weekend ? ['10:00', '13:00', '16:00', '19:00'] : SLOT_TIMES;
      today = Math.min(today, slots.length - 1, postsPerAccount - written);
      const times = shuffle([...slots], random)
        .slice(0, today)
        .sort();
      const monthKey = `${year}-${pad(month)}`;
      const list = byMonth.get(monthKey) ?? [];
      if (!byMonth.has(monthKey)) byMonth.set(monthKey, list);
      for (const time of times) {
        written++;
        const date = `${year}-${pad(month)}-${pad(day)}`;
        list.push(
          makePost({
            random,
            lang,
            langId,
            id,
            n: written,
            date,
            time,
            employee,
            approvers,
            queuedShare,
            threadShare,
            dealShare,
          }),
        );
      }
    }
    // If the days could not hold every post (very high density), queue the rest in the last month.
    const lastKey = [...byMonth.keys()].pop() ?? `${start.slice(0, 7)}`;
    while (written < postsPerAccount) {
      written++;
      const list = byMonth.get(lastKey) ?? [];
      byMonth.set(lastKey, list);
      list.push(
        makePost({
          random,
          lang,
          langId,
          id,
          n: written,
          date: undefined,
          time: undefined,
          employee,
          approvers,
          queuedShare: 1,
          threadShare,
          dealShare,
        }),
      );
    }
    postCount += written;
    for (const [monthKey, posts] of byMonth) {
      if (posts.length === 0) continue;
      files.set(`content/${id}/${monthKey}.yaml`, `# ${id}: calendar for ${monthKey}\n\n${posts.join('\n')}`);
    }
  }
  return { files, posts: postCount };
}

/**
 * One post as YAML list item text.
 * @param {{ random: Random, lang: (typeof LANGUAGES)[Language], langId: Language, id: string, n: number,
 *   date: string | undefined, time: string | undefined, employee: boolean, approvers: string[],
 *   queuedShare: number, threadShare: number, dealShare: number }} input
 */
function makePost(input) {
  const { random, langId, id, n, date, time, employee, approvers } = input;
  // One post in twelve is in another language (with `lang:`), as international brands do.
  const otherLang = random.chance(1 / 12) ? random.pick(LANGUAGE_IDS.filter((l) => l !== langId)) : undefined;
  const lang = otherLang ? LANGUAGES[otherLang] : input.lang;
  const roll = random.float();
  const category =
    roll < input.dealShare
      ? 'deals'
      : roll < input.dealShare + 0.2
        ? 'blog'
        : roll < 0.7
          ? 'news'
          : 'community';
  const frame = category === 'deals' ? random.pick(lang.deals) : random.pick(lang.frames);
  let text = fill(frame, random, lang);
  // Two sentences from a large space of fills keep texts distinct, as real calendars are (rule duplicate-text).
  text += ` ${fill(random.pick(lang.frames), random, lang)}`;
  // A detail only this post has (two products and a number), as real posts name what they are about.
  text += ` ${fill(DETAILS[otherLang ?? langId], random, lang)}`;
  const tags = [];
  if (random.chance(0.6)) tags.push(random.pick(lang.hashtags));
  if (random.chance(0.2)) tags.push(random.pick(lang.hashtags));
  if (employee) tags.push('#AcmeEmployee');
  const mentions = random.chance(category === 'community' ? 0.6 : 0.15)
    ? [`@${random.pick(['acme_help', 'ifixit', 'repaircafe', 'acme_labs', 'outdoorclub'])}`]
    : [];
  const body = [text, ...mentions].join(' ');
  const tagLine = [...new Set(tags)].join(' ');
  if (!tagLine) text = body;
  else text = random.chance(0.15) ? `${body}\n\n${tagLine}` : `${body} ${tagLine}`;

  const postId = `${id.slice(5)}-${n}`;
  const indent = '  ';
  const lines = [
    `- id: ${postId}`,
    `${indent}category: ${category}`,
    `${indent}text: ${yamlText(text, indent)}`,
  ];
  const queued = date === undefined || random.chance(input.queuedShare);
  if (!queued) lines.push(`${indent}at: ${date} ${time}`);
  if (category === 'deals' || category === 'blog' || random.chance(0.25)) {
    const brand =
      category === 'blog'
        ? 'blog.acme.example.com'
        : category === 'deals'
          ? 'shop.acme.example.com'
          : random.pick(BRAND_HOSTS);
    const link =
      category === 'news' && random.chance(0.4)
        ? `${random.pick(THIRD_PARTY)}?id=${n}`
        : `https://${brand}/${category}/${postId}${random.chance(0.3) ? '?ref=social' : ''}`;
    lines.push(`${indent}link: ${link}`);
  }
  /** @type {string | undefined} */
  let approver;
  if (category === 'deals') {
    // Every deal ends (rule deal-expiry); a queued deal gets a generous end so the planner can place it.
    const end = new Date(`${date ?? GENERATED_NOW.slice(0, 10)}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + (date === undefined ? 400 : 1 + random.int(6)));
    lines.push(`${indent}expires: ${end.toISOString().slice(0, 10)}`);
    approver = random.pick(approvers);
    lines.push(`${indent}approved_by: ${approver}`);
  }
  if (random.chance(input.threadShare)) {
    const parts = 1 + random.int(3);
    lines.push(`${indent}thread:`);
    for (let p = 0; p < parts; p++)
      lines.push(`${indent}  - ${JSON.stringify(fill(random.pick(lang.frames), random, lang))}`);
  }
  if (otherLang) lines.push(`${indent}lang: ${otherLang}`);
  // The author is never the approver (rule approval).
  if (random.chance(0.3))
    lines.push(`${indent}author: ${random.pick(approvers.filter((a) => a !== approver))}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Write a generated workspace to `dir` (created; emptied first). Deterministic for a given seed.
 * @param {string} dir
 * @param {GenerateOptions} options
 * @returns {Promise<GeneratedWorkspace>}
 */
export async function generateWorkspace(dir, options) {
  const { files, posts } = generateWorkspaceFiles(options);
  await rm(dir, { recursive: true, force: true });
  const folders = new Set([...files.keys()].map((file) => path.dirname(path.join(dir, file))));
  for (const folder of folders) await mkdir(folder, { recursive: true });
  let bytes = 0;
  const entries = [...files];
  // Bounded concurrency: fast on any disk without exhausting file handles.
  for (let i = 0; i < entries.length; i += 64) {
    await Promise.all(
      entries.slice(i, i + 64).map(([file, text]) => {
        bytes += Buffer.byteLength(text);
        return writeFile(path.join(dir, file), text);
      }),
    );
  }
  return { root: dir, files: files.size, posts, bytes, now: GENERATED_NOW };
}
