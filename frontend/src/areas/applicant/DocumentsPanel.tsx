import type { Application } from "../../api/types";
import { optionalDocuments, requiredDocuments, type DocumentKind } from "../../domain/documents";
import { useI18n } from "../../i18n/I18nProvider";
import { QueryView } from "../../ui/QueryView";
import { DocumentsTable } from "../shared/ApplicationSummary";
import { roleKey } from "../shared/labels";
import { DocumentSlot } from "./DocumentSlot";
import { useDocuments } from "./queries";

/** The document checklist per R-DOC for the caller's role(s), then what the other companies have uploaded. */
export function DocumentsPanel({ app, editable }: { app: Application; editable: boolean }) {
  const { t } = useI18n();
  const documents = useDocuments(app.id);
  const roles = app.my_roles;
  const needed = requiredDocuments(roles, app.bonus_claim ?? false);
  return (
    <QueryView query={documents}>
      {(data) => {
        const mine = data.items.filter((doc) => doc.role && roles.includes(doc.role));
        const others = data.items.filter((doc) => !doc.role || !roles.includes(doc.role));
        return (
          <>
            <p>{t("applicant.documentsLead")}</p>
            {roles.map((role) => {
              const required = needed[role] ?? [];
              const optional: DocumentKind[] = optionalDocuments(role, app.bonus_claim ?? false);
              return (
                <section key={role} aria-labelledby={`docs-${role}`}>
                  <h3 id={`docs-${role}`}>{t("applicant.documentsOf", { role: t(roleKey(role)) })}</h3>
                  <ul className="document-list">
                    {required.map((kind) => (
                      <DocumentSlot key={kind} app={app} kind={kind} role={role} required documents={mine} editable={editable} />
                    ))}
                    {optional.map((kind) => (
                      <DocumentSlot key={kind} app={app} kind={kind} role={role} required={false} documents={mine} editable={editable} />
                    ))}
                  </ul>
                </section>
              );
            })}
            {others.length > 0 && (
              <>
                <h3>{t("applicant.othersDocuments")}</h3>
                <DocumentsTable applicationId={app.id} documents={others} />
              </>
            )}
          </>
        );
      }}
    </QueryView>
  );
}
