import { Link, NavLink } from "react-router-dom";
import { useAuth } from "../auth/AuthProvider";
import { formatCountdown } from "../format/format";
import { useI18n } from "../i18n/I18nProvider";
import type { MessageKey } from "../i18n/messages";
import { areasFor } from "../nav/navigation";

function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  const target = lang === "ko" ? "en" : "ko";
  return (
    <button
      type="button"
      className="krds-btn small text"
      lang={target}
      onClick={() => setLang(target)}
    >
      {t("switchLanguage")}
    </button>
  );
}

function UserMenu() {
  const { session, remaining, signOut, extend } = useAuth();
  const { t } = useI18n();
  if (!session) return null;
  const roles = session.user.roles.map((role) => t(`role.${role}` as MessageKey)).join(", ");
  return (
    <>
      <li className="user-name">
        {t("loggedInAs", { name: session.user.name })} <span className="user-roles">({roles})</span>
      </li>
      <li className="session-time">
        <span>{t("sessionLeft")}</span> <span className="time">{formatCountdown(remaining ?? 0)}</span>
        <button type="button" className="krds-btn small tertiary" onClick={() => void extend().catch(() => undefined)}>
          {t("extend")}
        </button>
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

function MainNav() {
  const { session } = useAuth();
  const { t } = useI18n();
  if (!session) return null;
  return (
    <nav className="site-nav" aria-label={t("mainMenu")}>
      <div className="inner">
        <ul className="site-nav-list">
          <li>
            <NavLink to="/" end>
              {t("title.home")}
            </NavLink>
          </li>
          {areasFor(session.user.roles).map((area) => (
            <li key={area.key}>
              <NavLink to={area.path}>
                {t(`area.${area.key}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}

export function Header() {
  const { t } = useI18n();
  return (
    <header className="site-header">
      <div className="header-in">
        <div className="inner header-bar">
          <Link to="/" className="site-name">
            <span className="site-mark" aria-hidden="true" />
            {t("siteName")}
          </Link>
          <ul className="utility-list" aria-label={t("utilityMenu")}>
            <UserMenu />
            <li>
              <LanguageSwitch />
            </li>
          </ul>
        </div>
      </div>
      <MainNav />
    </header>
  );
}
