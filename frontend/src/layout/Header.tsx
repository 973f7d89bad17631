import { useEffect, useRef, useState } from "react";
import { Link, NavLink, useLocation } from "react-router-dom";
import { useAuth } from "../auth/AuthProvider";
import { formatCountdown } from "../format/format";
import { useI18n } from "../i18n/I18nProvider";
import type { MessageKey } from "../i18n/messages";
import { areasFor } from "../nav/navigation";

function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  const target = lang === "ko" ? "en" : "ko";
  return (
    <button type="button" className="krds-btn small text" lang={target} onClick={() => setLang(target)}>
      {t("switchLanguage")}
    </button>
  );
}

function SessionTime() {
  const { remaining, extend } = useAuth();
  const { t } = useI18n();
  return (
    <span className="session-time">
      <span>{t("sessionLeft")}</span> <span className="time">{formatCountdown(remaining ?? 0)}</span>
      <button type="button" className="krds-btn small tertiary" onClick={() => void extend().catch(() => undefined)}>
        {t("extend")}
      </button>
    </span>
  );
}

function useRoles(): string {
  const { session } = useAuth();
  const { t } = useI18n();
  return (session?.user.roles ?? []).map((role) => t(`role.${role}` as MessageKey)).join(", ");
}

function UserMenu() {
  const { session, signOut } = useAuth();
  const { t } = useI18n();
  const roles = useRoles();
  if (!session) return null;
  return (
    <>
      <li className="user-name">
        {t("loggedInAs", { name: session.user.name })} <span className="user-roles">({roles})</span>
      </li>
      <li>
        <SessionTime />
      </li>
      <li>
        <button type="button" className="krds-btn small secondary" onClick={() => signOut("loggedOut")}>
          {t("logout")}
        </button>
      </li>
      <li>
        <button type="button" className="krds-btn small text" onClick={() => signOut("loggedOut", true)}>
          {t("logoutEverywhere")}
        </button>
      </li>
    </>
  );
}

function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const { session } = useAuth();
  const { t } = useI18n();
  if (!session) return null;
  return (
    <ul className="site-nav-list">
      <li>
        <NavLink to="/" end onClick={onNavigate}>
          {t("title.home")}
        </NavLink>
      </li>
      {areasFor(session.user.roles).map((area) => (
        <li key={area.key}>
          <NavLink to={area.path} onClick={onNavigate}>
            {t(`area.${area.key}`)}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

/**
 * KRDS mobile header: on narrow screens (and at 200 % zoom) one compact bar with the site name and a
 * full-menu button; the menu, session timer, 연장, 로그아웃 and the language switch open in a modal panel.
 */
function MobileMenu() {
  const { session, signOut } = useAuth();
  const { t } = useI18n();
  const roles = useRoles();
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const { pathname } = useLocation();

  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) {
      element.close();
      button.current?.focus();
    }
  }, [open]);

  const leave = (everywhere: boolean) => {
    setOpen(false);
    signOut("loggedOut", everywhere);
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        className="menu-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls="mobile-menu"
        onClick={() => setOpen(true)}
      >
        <span className="menu-icon" aria-hidden="true" />
        {t("ui.menu")}
      </button>
      <dialog
        id="mobile-menu"
        ref={dialog}
        className="mobile-menu"
        aria-label={t("ui.menu")}
        onCancel={(event) => {
          event.preventDefault();
          setOpen(false);
        }}
      >
        <div className="mobile-menu-head">
          <span className="site-name-small">{t("siteName")}</span>
          <button type="button" className="krds-btn small text" onClick={() => setOpen(false)}>
            {t("ui.menuClose")}
          </button>
        </div>
        {session && (
          <div className="mobile-menu-user">
            <p className="user-name">
              {t("loggedInAs", { name: session.user.name })} <span className="user-roles">({roles})</span>
            </p>
            <SessionTime />
          </div>
        )}
        {session && (
          <nav className="mobile-nav" aria-label={t("mainMenu")}>
            <NavLinks onNavigate={() => setOpen(false)} />
          </nav>
        )}
        <div className="mobile-menu-actions">
          {session && (
            <>
              <button type="button" className="krds-btn small secondary" onClick={() => leave(false)}>
                {t("logout")}
              </button>
              <button type="button" className="krds-btn small text" onClick={() => leave(true)}>
                {t("logoutEverywhere")}
              </button>
            </>
          )}
          <LanguageSwitch />
        </div>
      </dialog>
    </>
  );
}

export function Header() {
  const { session } = useAuth();
  const { t } = useI18n();
  return (
    <header className="site-header">
      <div className="header-in">
        <div className="inner header-bar">
          <Link to="/" className="site-name">
            <span className="site-mark" aria-hidden="true" />
            {t("siteName")}
          </Link>
          <ul className="utility-list desktop-only" aria-label={t("utilityMenu")}>
            <UserMenu />
            <li>
              <LanguageSwitch />
            </li>
          </ul>
          <div className="mobile-only">
            <MobileMenu />
          </div>
        </div>
      </div>
      {session && (
        <nav className="site-nav desktop-only" aria-label={t("mainMenu")}>
          <div className="inner">
            <NavLinks />
          </div>
        </nav>
      )}
    </header>
  );
}
