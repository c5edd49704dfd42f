import { useEffect, useState } from 'preact/hooks'
import type { EntityType } from '@enclave/shared/entities/fields'
import { t } from '../app/i18n'
import { importApi, type SavedMapping } from './import-api'

interface Props {
  type: EntityType
  selectedId: string | undefined
  onApply: (mapping: SavedMapping | undefined) => void
  /** Returns the mapping to save under `name`, built from the current columns and settings. */
  current: (name: string) => Omit<SavedMapping, 'id'>
  onStatus: (message: string) => void
  onError: (failure: unknown) => void
}

/** Chooses, saves and deletes the saved column mappings of one record type. */
export function SavedMappingPicker({ type, selectedId, onApply, current, onStatus, onError }: Props) {
  const [mappings, setMappings] = useState<SavedMapping[]>([])
  const [name, setName] = useState('')

  const reload = () => importApi.listMappings().then((items) => setMappings(items.filter((mapping) => mapping.type === type)))
  useEffect(() => {
    reload().catch(onError)
  }, [type])

  const save = async () => {
    const saved = await importApi.saveMapping(current(name.trim()))
    await reload()
    setName('')
    onStatus(t('import.mappingSaved', { name: saved.name }))
  }

  const remove = async (mapping: SavedMapping) => {
    await importApi.deleteMapping(mapping.id)
    await reload()
    onApply(undefined)
    onStatus(t('import.mappingDeleted', { name: mapping.name }))
  }

  const selected = mappings.find((mapping) => mapping.id === selectedId)
  return (
    <div class="inline-form">
      <label class="inline">{t('import.savedMapping')}
        <select value={selectedId ?? ''} onChange={(event) => onApply(mappings.find((mapping) => mapping.id === event.currentTarget.value))}>
          <option value="">{t('import.noSavedMapping')}</option>
          {mappings.map((mapping) => <option key={mapping.id} value={mapping.id}>{mapping.name}</option>)}
        </select>
      </label>
      {selected ? <button type="button" onClick={() => remove(selected).catch(onError)}>{t('import.deleteMapping')}</button> : null}
      <label class="inline">{t('import.mappingName')}
        <input type="text" maxLength={100} value={name} onInput={(event) => setName(event.currentTarget.value)} />
      </label>
      <button type="button" disabled={!name.trim()} onClick={() => save().catch(onError)}>{t('import.saveMapping')}</button>
    </div>
  )
}
