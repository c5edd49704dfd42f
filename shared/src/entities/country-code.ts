import { getCountries, type CountryCode } from 'libphonenumber-js'

// Languages whose country names a file written at a site is likely to use.
const NAME_LOCALES = ['en', 'zh', 'zh-Hant', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'ja']

// Names that exports use and that the locales' own names do not cover.
const ALIASES: Record<string, CountryCode> = {
  usa: 'US', 'united states of america': 'US', america: 'US',
  gbr: 'GB', 'great britain': 'GB', england: 'GB', scotland: 'GB', wales: 'GB', 'northern ireland': 'GB',
  deu: 'DE', fra: 'FR', chn: 'CN', jpn: 'JP', ind: 'IN', can: 'CA', aus: 'AU', bra: 'BR', mex: 'MX', esp: 'ES', ita: 'IT', nld: 'NL', che: 'CH', hun: 'HU',
  korea: 'KR', 'republic of korea': 'KR', 'korea, republic of': 'KR',
  'czech republic': 'CZ', turkey: 'TR', holland: 'NL', 'ivory coast': 'CI',
  'russian federation': 'RU', 'viet nam': 'VN', 'mainland china': 'CN', "people's republic of china": 'CN',
  macedonia: 'MK', swaziland: 'SZ', 'libyan arab jamahiriya': 'LY', 'syrian arab republic': 'SY',
  'palestinian territory': 'PS', "lao people's democratic republic": 'LA', 'kyrgyz republic': 'KG',
  'holy see': 'VA', 'saint vincent and the grenadines': 'VC', 'svalbard and jan mayen islands': 'SJ', 'united states virgin islands': 'VI', 'burma': 'MM', 'cape verde': 'CV',
}

let names: Map<string, CountryCode | null> | undefined

/**
 * Lower-cases and strips accents, curly apostrophes, a bracketed note and extra spaces, and
 * writes `&` and `St.` out, so `Côte d’Ivoire` matches `cote d'ivoire` and `St. Kitts & Nevis`
 * matches `Saint Kitts and Nevis`.
 */
function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019`]/g, "'")
    .replace(/\s*\([^)]*\)\s*/g, ' ')
    .replace(/\s*&\s*/g, ' and ')
    .replace(/^st\.?\s+/i, 'saint ')
    .replace(/^the\s+/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
}

/** Adds a name. A name that two countries share (such as `congo`) maps to null and is not read. */
function addName(table: Map<string, CountryCode | null>, name: string, code: CountryCode): void {
  const key = normalise(name)
  if (!key) return
  const known = table.get(key)
  table.set(key, known === undefined || known === code ? code : null)
}

function buildNames(): Map<string, CountryCode | null> {
  const table = new Map<string, CountryCode | null>()
  const codes = getCountries()
  for (const code of codes) table.set(code.toLowerCase(), code)
  for (const locale of NAME_LOCALES) {
    for (const style of ['long', 'short'] as const) {
      const display = new Intl.DisplayNames([locale], { type: 'region', style, fallback: 'none' })
      for (const code of codes) {
        const name = display.of(code)
        if (!name || name === code) continue
        addName(table, name, code)
        // "Congo - Kinshasa" and "Hong Kong SAR China": the part before the qualifier is a name too.
        const short = name.split(/ - | SAR /)[0]
        if (short && short !== name) addName(table, short, code)
      }
    }
  }
  for (const [alias, code] of Object.entries(ALIASES)) table.set(normalise(alias), code)
  return table
}

/**
 * Reads a country as people write it in a CRM's country column: a two-letter code (`HU`), an
 * English, Chinese or other common-language name (`Hungary`, `匈牙利`, `Ungarn`) or a usual alias
 * (`USA`, `UK`). Returns undefined for text that names no country or names two (`Congo`).
 */
export function countryCodeOf(text: unknown): CountryCode | undefined {
  if (typeof text !== 'string' || text.length > 100) return undefined
  names ??= buildNames()
  return names.get(normalise(text)) ?? undefined
}
