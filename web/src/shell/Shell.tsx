import './shell.css'
import type { ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { useSession } from '../pages/auth/SessionGate'
import { chooseCloudSite, type SiteStatus } from '../app/api-client'
import { LANGUAGES, currentLanguage, setLanguage, t } from '../app/i18n'
import { useApp } from '../app/app-context'
import { SearchPalette } from './SearchPalette'
import { SyncBadge } from './SyncBadge'
import { linkLabelKey, sidebarLinks } from './sidebar-links'

/**
 * Renders one site of the cloud site selector. A pending site is listed but disabled, because it has no
 * records until its edge agent enrols.
 */
function SiteOption({ siteId, status }: { siteId: string; status: SiteStatus | undefined }) {
  if (status === 'pending') return <option value={siteId} disabled>{t('app.sitePending', { siteId })}</option>
  if (status === 'revoked') return <option value={siteId}>{t('app.siteRevoked', { siteId })}</option>
  return <option value={siteId}>{siteId}</option>
}

/** Sidebar, header (user, tier, site, sync state, language) and global search around a page. */
export function Shell({ children, onLanguage }: { children: ComponentChildren; onLanguage: (code: string) => void }) {
  const app = useApp()
  const { session, signOut } = useSession()
  const { path } = useLocation()
  const [searching, setSearching] = useState(false)
  const [menuOpen, setMenuOpen] = useState(false)
  const tier = app.api.tier

  useEffect(() => setMenuOpen(false), [path])

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setMenuOpen(false)
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault()
        setSearching(true)
      }
    }
    addEventListener('keydown', onKey)
    return () => removeEventListener('keydown', onKey)
  }, [])

  const links = sidebarLinks(tier.tier, app.actions)
  return (
    <div class={menuOpen ? 'shell menu-open' : 'shell'}>
      <a class="skip-link" href="#content">{t('app.skip')}</a>
      <nav id="sidebar" class="sidebar" aria-label={t('app.title')}>
        <a class="brand" href="/contacts">{t('app.title')}</a>
        <ul>
          {links.map((name) => (
            <li key={name}>
              <a href={`/${name}`} aria-current={path.startsWith(`/${name}`) ? 'page' : undefined}>
                {t(linkLabelKey(name))}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <header class="topbar">
        <button type="button" class="menu-button" aria-controls="sidebar" aria-expanded={menuOpen} onClick={() => setMenuOpen(!menuOpen)}>
          {t('app.menu')}
        </button>
        <button type="button" class="search-button" onClick={() => setSearching(true)}>
          {t('search.open')}
        </button>
        <span class="tier" data-testid="tier" data-tier={tier.tier}>
          {tier.tier === 'edge' ? t('app.edge') : t('app.cloud')}
          {tier.siteId ? ` · ${tier.siteId}` : ''}
        </span>
        {tier.tier === 'cloud' && tier.sites.length > 1 ? (
          <label class="inline">
            {t('app.site')}
            <select
              value={tier.siteId}
              onChange={(event) => {
                chooseCloudSite(event.currentTarget.value)
                location.reload()
              }}
            >
              {tier.sites.map((id) => <SiteOption key={id} siteId={id} status={tier.siteStatuses?.[id]} />)}
            </select>
          </label>
        ) : null}
        {tier.tier === 'edge' ? <SyncBadge /> : null}
        <label class="inline">
          {t('app.language')}
          <select
            value={currentLanguage()}
            onChange={(event) => {
              const code = event.currentTarget.value
              void setLanguage(code).then(() => onLanguage(code))
            }}
          >
            {LANGUAGES.map((language) => <option key={language.code} value={language.code}>{language.label}</option>)}
          </select>
        </label>
        <span class="user" data-testid="user" dir="auto">{session.user.displayName || session.user.username}</span>
        <a href="/password" aria-current={path === '/password' ? 'page' : undefined}>{t('users.changePassword')}</a>
        <button type="button" onClick={() => void signOut()}>{t('app.signOut')}</button>
      </header>
      <main id="content" class="content" tabIndex={-1}>
        {children}
      </main>
      {searching ? <SearchPalette onClose={() => setSearching(false)} /> : null}
    </div>
  )
}
