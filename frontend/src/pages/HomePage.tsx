import { Link } from "react-router-dom";
import { usePageTitle } from "../app/usePageTitle";
import { useAuth } from "../auth/AuthProvider";
import { formatDateLong, formatDateTime } from "../format/format";
import { useI18n } from "../i18n/I18nProvider";
import type { MessageKey } from "../i18n/messages";
import { areasFor } from "../nav/navigation";

export function HomePage() {
  const { session } = useAuth();
  const { t } = useI18n();
  const title = usePageTitle("title.home");
  if (!session) return null;
  const { user } = session;
  const areas = areasFor(user.roles);
  const roles = user.roles.map((role) => t(`role.${role}` as MessageKey)).join(", ");
  return (
    <section className="home">
      <h1>{title}</h1>
      <div className="home-summary">
        <p className="welcome">{t("home.welcome", { name: user.name })}</p>
        <ul className="home-facts">
          <li>{t("home.roles", { roles })}</li>
          <li>{t("home.today", { date: formatDateLong(Date.now()) })}</li>
          <li>{t("home.sessionUntil", { time: formatDateTime(session.expiresAt) })}</li>
        </ul>
      </div>
      <h2>{t("home.areas")}</h2>
      {areas.length === 0 ? (
        <p>{t("home.noAreas")}</p>
      ) : (
        <ul className="area-cards">
          {areas.map((area) => (
            <li key={area.key}>
              <Link to={area.path} className="area-card">
                <span className="area-name">{t(`area.${area.key}`)}</span>
                <span className="area-state">{t(`home.area.${area.key}`)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
