// The slice of Adaptive Cards 1.5 the renderer produces (validated against the official schema in tests).

interface CardActionData {
  actionId: string;
  value?: string;
}

interface SubmitAction {
  type: "Action.Submit";
  title: string;
  data: CardActionData;
  associatedInputs?: "auto" | "none";
  style?: "default" | "positive" | "destructive";
}

export interface ExecuteAction {
  type: "Action.Execute";
  title: string;
  verb: string;
  data: CardActionData;
  associatedInputs?: "auto" | "none";
  style?: "default" | "positive" | "destructive";
  /** Clients without Universal Actions fall back to a plain submit. */
  fallback: SubmitAction;
}

interface OpenUrlAction {
  type: "Action.OpenUrl";
  title: string;
  url: string;
}

export type CardAction = ExecuteAction | OpenUrlAction;

export type CardElement =
  | {
      type: "TextBlock";
      text: string;
      wrap: true;
      weight?: "Bolder";
      size?: "Small" | "Medium";
      color?: "Attention";
      spacing?: "None" | "Small";
    }
  | { type: "FactSet"; facts: { title: string; value: string }[] }
  | { type: "ActionSet"; actions: CardAction[] }
  | {
      type: "Input.Text";
      id: string;
      label: string;
      value?: string;
      maxLength?: number;
      isMultiline?: boolean;
      isRequired: boolean;
      errorMessage: string;
    }
  | {
      type: "Input.ChoiceSet";
      id: string;
      label: string;
      choices: { title: string; value: string }[];
      style: "compact" | "expanded";
      /** The chosen values arrive joined by commas, as the contract's `multiple` input wants them. */
      isMultiSelect?: boolean;
      value?: string;
      isRequired: boolean;
      errorMessage: string;
    };

export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json";
  version: "1.5";
  fallbackText: string;
  body: CardElement[];
  actions?: CardAction[];
}

export const adaptiveCardContentType = "application/vnd.microsoft.card.adaptive";
