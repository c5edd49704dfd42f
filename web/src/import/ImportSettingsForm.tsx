import type { EntityType } from '@enclave/shared/entities/fields'
import { fieldLabelByName } from '../app/field-labels'
import { currentLanguage, t } from '../app/i18n'
import type { Column } from './import-api'
import { dedupeKeyChoices, isSameKey, toggleKey, type SettingsState } from './import-settings'

/** Countries listed first in the default phone country select; the rest follow by name. */
const COMMON_COUNTRIES = ['CN', 'US', 'GB', 'DE', 'FR', 'IN', 'JP', 'HK', 'SG', 'AU', 'CA']

/**
 * ISO 3166-1 alpha-2 codes of the other countries and territories, kept as one string so the
 * bundle stays small.
 */
const OTHER_COUNTRIES =
  'AD AE AF AG AI AL AM AO AR AS AT AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BW BY BZ CC CD CF CG CH CI CK CL CM CO CR CU CV CW CX CY CZ DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO GA GD GE GF GG GH GI GL GM GN GP GQ GR GT GU GW GY HN HR HT HU ID IE IL IM IO IQ IR IS IT JE JM JO KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'.split(' ')

const regionNames = new Map<string, Intl.DisplayNames>()

/** Returns the country's name in the current language, or its code where Intl has no name. */
function countryName(code: string): string {
  const language = currentLanguage()
  try {
    if (!regionNames.has(language)) regionNames.set(language, new Intl.DisplayNames([language], { type: 'region' }))
    return regionNames.get(language)!.of(code) ?? code
  } catch {
    return code
  }
}

interface Props {
  type: EntityType
  columns: readonly Column[]
  settings: SettingsState
  onChange: (next: SettingsState) => void
}

/** Settings of an import besides the column mapping: duplicates, phone country, numbers and companies. */
export function ImportSettingsForm({ type, columns, settings, onChange }: Props) {
  const change = (patch: Partial<SettingsState>) => onChange({ ...settings, ...patch })
  const otherCountries = OTHER_COUNTRIES.map((code) => [code, countryName(code)]).sort((a, b) => a[1]!.localeCompare(b[1]!, currentLanguage()))
  const keyChoices = dedupeKeyChoices(type, columns)

  return (
    <>
      <div class="inline-form">
        <label class="inline">{t('import.onDuplicate')}
          <select value={settings.onDuplicate} onChange={(event) => change({ onDuplicate: event.currentTarget.value as SettingsState['onDuplicate'] })}>
            <option value="skip">{t('import.duplicateSkip')}</option>
            <option value="update">{t('import.duplicateUpdate')}</option>
            <option value="merge">{t('import.duplicateMerge')}</option>
          </select>
        </label>
        <label class="inline">{t('import.country')}
          <select value={settings.defaultCountry} onChange={(event) => change({ defaultCountry: event.currentTarget.value })}>
            <option value="">{t('import.noCountry')}</option>
            <optgroup label={t('import.commonCountries')}>
              {COMMON_COUNTRIES.map((code) => <option key={code} value={code}>{countryName(code)} ({code})</option>)}
            </optgroup>
            <optgroup label={t('import.allCountries')}>
              {otherCountries.map(([code, name]) => <option key={code} value={code}>{name} ({code})</option>)}
            </optgroup>
          </select>
        </label>
        <label class="inline">{t('import.decimalSeparator')}
          <select value={settings.decimalSeparator} onChange={(event) => change({ decimalSeparator: event.currentTarget.value as SettingsState['decimalSeparator'] })}>
            <option value=".">{t('import.decimalPoint')}</option>
            <option value=",">{t('import.decimalComma')}</option>
          </select>
        </label>
        <label class="inline">
          <input type="checkbox" checked={settings.createMissingCompanies} onChange={(event) => change({ createMissingCompanies: event.currentTarget.checked })} />
          {t('import.createMissingCompanies')}
        </label>
      </div>
      <p class="muted">{t('import.countryHint')}</p>
      <fieldset class="dedupe-keys">
        <legend>{t('import.dedupeKeys')}</legend>
        {keyChoices.map((key) => (
          <label class="inline" key={key.join('+')}>
            <input
              type="checkbox"
              checked={settings.dedupeKeys.some((chosen) => isSameKey(chosen, key))}
              onChange={() => change({ dedupeKeys: toggleKey(keyChoices, settings.dedupeKeys, key) })}
            />
            {key.map((field) => fieldLabelByName(field, type)).join(' + ')}
          </label>
        ))}
        <p class="muted">{t('import.dedupeHint')}</p>
      </fieldset>
    </>
  )
}
