import type { ReactNode } from "react";

/** Key-value facts as a description list (KRDS structured list look). */
export function Facts({ items, className }: { items: [ReactNode, ReactNode][]; className?: string }) {
  return (
    <dl className={`facts ${className ?? ""}`}>
      {items.map(([term, value], index) => (
        <div key={index} className="fact">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
