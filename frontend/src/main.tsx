import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./styles/fonts.css";
import "krds-uiux/resources/css/common/common.css";
import "krds-uiux/resources/css/component/component.css";
import "./styles/app.css";
import "./styles/program.css";
import { App } from "./app/App";
import { loadConfig } from "./app/config";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");

void loadConfig().then((config) => {
  createRoot(root).render(
    <StrictMode>
      <App config={config} />
    </StrictMode>,
  );
});
