/** A full name split into the parts a contact stores. */
export interface SplitName {
  firstName?: string
  lastName?: string
}

// Words that start a family name in Dutch, German, French, Spanish, Portuguese and Italian.
const SURNAME_PARTICLES = new Set(['van', 'von', 'de', 'del', 'della', 'der', 'den', 'da', 'di', 'du', 'la', 'le', 'dos', 'das', 'ter', 'ten'])

// Two-character Chinese family names; every other Chinese name starts with a one-character one.
const COMPOUND_CHINESE_SURNAMES = new Set(['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '令狐', '端木', '南宫', '西门', '独孤'])

const HAN_NAME = /^[\u3400-\u9fff\uf900-\ufaff]{2,}$/u

/**
 * Splits one full-name cell into first and last name. Handles `Last, First`, family names with
 * particles (`Ludwig van Beethoven`), and Chinese names written without spaces, whose family
 * name comes first (`欧阳娜娜` gives last name `欧阳`). A single word becomes the first name.
 *
 * @example splitFullName('Heather Callahan') // { firstName: 'Heather', lastName: 'Callahan' }
 */
export function splitFullName(fullName: string): SplitName {
  const text = fullName.trim().replace(/\s+/g, ' ')
  if (text === '') return {}

  if (text.includes(',')) {
    const [last = '', ...rest] = text.split(',')
    const first = rest.join(',').trim()
    return withoutEmpty({ firstName: first, lastName: last.trim() })
  }

  if (HAN_NAME.test(text)) {
    const surnameLength = COMPOUND_CHINESE_SURNAMES.has(text.slice(0, 2)) && text.length > 2 ? 2 : 1
    return { lastName: text.slice(0, surnameLength), firstName: text.slice(surnameLength) }
  }

  const words = text.split(' ')
  if (words.length === 1) return { firstName: text }
  const particle = words.findIndex((word, index) => index > 0 && SURNAME_PARTICLES.has(word.toLowerCase()))
  const lastStart = particle > 0 ? particle : words.length - 1
  return { firstName: words.slice(0, lastStart).join(' '), lastName: words.slice(lastStart).join(' ') }
}

function withoutEmpty(name: SplitName): SplitName {
  const result: SplitName = {}
  if (name.firstName) result.firstName = name.firstName
  if (name.lastName) result.lastName = name.lastName
  return result
}
