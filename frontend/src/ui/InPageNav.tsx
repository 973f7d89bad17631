import { NavLink } from "react-router-dom";

export interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

/** A section's own menu (tabs as links, so each view has its address and the back button works). */
export function InPageNav({ label, items }: { label: string; items: NavItem[] }) {
  return (
    <nav className="in-page-nav" aria-label={label}>
      <ul>
        {items.map((item) => (
          <li key={item.to}>
            <NavLink to={item.to} end={item.end ?? true}>
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
