import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../pouch'
import { UserStore } from './user-store'

const PASSWORD = 'a long passphrase for tests'

describe('UserStore deletion', () => {
  let folder: string
  let db: Database

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-user-store-'))
    db = openDatabase(folder, 'meta')
  })

  afterEach(async () => {
    await db.close()
    fs.rmSync(folder, { recursive: true, force: true })
  })

  async function reopen(): Promise<UserStore> {
    const store = new UserStore(db)
    await store.open()
    return store
  }

  it('keeps a deleted name taken after reopening', async () => {
    const store = await reopen()
    const user = await store.create({ username: 'leaver', password: PASSWORD, role: 'agent' })
    await store.remove(user._id)

    const reopened = await reopen()

    expect(reopened.get(user._id)).toBeUndefined()
    expect(reopened.findByUsername('leaver')).toBeUndefined()
    expect(reopened.list().map((listed) => listed.username)).not.toContain('leaver')
    expect(reopened.getDeleted(user._id)?.passwordHash).toBe('')
    await expect(reopened.authenticate('leaver', PASSWORD)).resolves.toBeUndefined()
    await expect(reopened.create({ username: 'leaver', password: PASSWORD, role: 'admin' })).rejects.toMatchObject({ status: 409, code: 'username_retired' })
  })

  it('dates a returning name after the old sessions', async () => {
    // Older versions removed a deleted account's document and left no trace of the name.
    const store = await reopen()
    const first = await store.create({ username: 'returning', password: PASSWORD, role: 'viewer' })
    const firstSignIn = Date.now() / 1000
    await db.remove(first._id, first._rev as string)

    const second = await (await reopen()).create({ username: 'returning', password: PASSWORD, role: 'manager' })

    expect(second.sessionsNotBefore).toBeGreaterThanOrEqual(firstSignIn)
  })
})
