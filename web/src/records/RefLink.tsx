import { useEffect, useState } from 'preact/hooks'
import { findSchemaByPlural } from '@enclave/shared/entities/schemas'
import { titleOf, useApp } from '../app/app-context'

/** Links to a referenced record and shows its title once loaded. */
export function RefLink({ plural, id }: { plural: string; id: string }) {
  const { api } = useApp()
  const [title, setTitle] = useState(id)

  useEffect(() => {
    const schema = findSchemaByPlural(plural)
    if (!schema) return
    api.get(plural, id).then((doc) => setTitle(titleOf(schema, doc)), () => setTitle(id))
  }, [plural, id, api])

  return <a href={`/${plural}/${encodeURIComponent(id)}`}>{title}</a>
}
