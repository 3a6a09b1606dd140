"use client";

import * as PopoverPrimitive from "@radix-ui/react-popover";
import { useCombobox, type UseComboboxState, type UseComboboxStateChangeOptions } from "downshift";
import { Check, ChevronDown, Loader2 } from "lucide-react";
import { useEffect, useMemo, useRef, useState, type ComponentProps } from "react";
import { fieldBase } from "@/components/ui/input";
import { cn } from "@/lib/utils";
import type { PersonOption, PersonPurpose } from "@/lib/users/schemas";

/** How many people one search shows; a longer term narrows it. */
const LIMIT = 20;
const DEBOUNCE_MS = 200;

type Selected = Pick<PersonOption, "id" | "label"> & { team?: string };

export type PersonPickerProps = Omit<ComponentProps<"input">, "value" | "defaultValue" | "onChange" | "onSelect" | "type" | "children"> & {
  /** Whom the person is chosen as: decides who is offered (and who may search), see lib/users/queries.ts. */
  purpose: PersonPurpose;
  /** The chosen user's id; "" for nobody. */
  value: string;
  onChange: (id: string) => void;
  /**
   * The person `value` names when the field opens (e.g. the NHI's current owner), so the field can show them without
   * loading every candidate. Pages pass this instead of the whole list.
   */
  selected?: Selected | null;
  /** People never offered (e.g. the current owner when handing an NHI over). */
  exclude?: (string | null | undefined)[];
  /** Offers an explicit "nobody" choice (value ""). */
  allowNone?: boolean;
  noneLabel?: string;
  /** Called with the chosen person (label included), or null for "nobody". */
  onPick?: (person: PersonOption | null) => void;
};

type Results = { key: string; people: PersonOption[] };

/**
 * Searchable people picker (ARIA 1.2 combobox with a listbox popup, from downshift's useCombobox): type part of a
 * name or e-mail, move with the arrow keys, Enter picks, Escape closes the list (a second Escape closes the dialog
 * around it). It asks GET /api/v1/users/candidates as the user types, so pages no longer ship every user.
 * `className` sets the wrapper (width); every other input prop (id, aria-*) goes to the text box, so a <Label
 * htmlFor> and react-hook-form's Controller (value / onChange) work as they did with the <select>.
 */
export function PersonPicker({
  purpose,
  value,
  onChange,
  selected,
  exclude,
  allowNone,
  noneLabel = "No owner",
  onPick,
  className,
  placeholder,
  ...inputProps
}: PersonPickerProps) {
  const none = useMemo<PersonOption>(() => ({ id: "", label: noneLabel, team: "" }), [noneLabel]);
  // The last person picked here: its label stays shown while `value` names them.
  const [picked, setPicked] = useState<PersonOption | null>(null);
  const current = useMemo<PersonOption | null>(() => {
    if (!value) return allowNone ? none : null;
    if (picked?.id === value) return picked;
    if (selected?.id === value) return { team: "", ...selected };
    return { id: value, label: "(chosen person)", team: "" };
  }, [value, picked, selected, allowNone, none]);

  const [term, setTerm] = useState("");
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<string>();
  const cache = useRef(new Map<string, PersonOption[]>());
  const skip = useMemo(() => [...new Set((exclude ?? []).filter((x): x is string => !!x))].sort().join(","), [exclude]);
  const key = `${purpose}|${skip}|${term.trim().toLowerCase()}`;
  const fresh = results?.key === key;
  const people = results?.people ?? [];
  // "Nobody" is offered until the user types a name: then Enter picks the best match, never "nobody" by accident.
  const items = useMemo(() => (allowNone && !term.trim() ? [none, ...people] : people), [allowNone, term, none, people]);
  const freshRef = useRef(fresh);
  freshRef.current = fresh;

  const wrapper = useRef<HTMLDivElement>(null);
  const { isOpen, highlightedIndex, getInputProps, getMenuProps, getItemProps, getToggleButtonProps, closeMenu } = useCombobox<PersonOption>({
    items,
    selectedItem: current,
    itemToString: (p) => p?.label ?? "",
    itemToKey: (p) => p?.id ?? null,
    inputId: inputProps.id,
    defaultHighlightedIndex: 0,
    getA11yStatusMessage: ({ isOpen: open }) => (!open ? "" : !fresh ? "Searching…" : people.length ? `${people.length} ${people.length === 1 ? "person" : "people"} found.` : "Nobody found."),
    stateReducer,
    onSelectedItemChange: ({ selectedItem }) => {
      const person = selectedItem && selectedItem.id ? selectedItem : null;
      setPicked(person);
      onChange(person?.id ?? "");
      onPick?.(person);
    },
    onInputValueChange: ({ type, inputValue }) => {
      if (type === useCombobox.stateChangeTypes.InputChange) setTerm(inputValue ?? "");
    },
    onIsOpenChange: ({ type, isOpen: open }) => {
      // Opening by click or arrow lists everyone (by name); typing lists what matches.
      if (open && type !== useCombobox.stateChangeTypes.InputChange) setTerm("");
    },
  });

  function stateReducer(state: UseComboboxState<PersonOption>, { type, changes }: UseComboboxStateChangeOptions<PersonOption>): Partial<UseComboboxState<PersonOption>> {
    const T = useCombobox.stateChangeTypes;
    const keepChoice = { selectedItem: state.selectedItem, inputValue: state.selectedItem?.label ?? "" };
    switch (type) {
      // Escape closes the list and never clears the choice; leaving the field shows the choice again, not a
      // half-typed term, and does not pick whatever was highlighted.
      case T.InputKeyDownEscape:
      case T.InputBlur:
        return { ...changes, ...keepChoice };
      // Enter before the results for the typed term arrived would pick from the previous term's list.
      case T.InputKeyDownEnter:
        return freshRef.current && changes.selectedItem ? changes : { ...changes, ...keepChoice, isOpen: state.isOpen, highlightedIndex: state.highlightedIndex };
      default:
        return changes;
    }
  }

  useEffect(() => {
    if (!isOpen || fresh) return;
    const hit = cache.current.get(key);
    if (hit) {
      setResults({ key, people: hit });
      return;
    }
    const ctrl = new AbortController();
    const q = term.trim();
    const timer = setTimeout(
      async () => {
        try {
          const params = new URLSearchParams({ purpose, q, limit: String(LIMIT), ...(skip ? { exclude: skip } : {}) });
          const res = await fetch(`/api/v1/users/candidates?${params}`, { signal: ctrl.signal, headers: { Accept: "application/json" } });
          const json = (await res.json().catch(() => null)) as { data?: PersonOption[]; error?: { message?: string } } | null;
          if (!res.ok || !json?.data) throw new Error(json?.error?.message ?? `The search failed (HTTP ${res.status}).`);
          cache.current.set(key, json.data);
          setError(undefined);
          setResults({ key, people: json.data });
        } catch (err) {
          if (ctrl.signal.aborted) return;
          setError((err as Error).message);
          setResults({ key, people: [] });
        }
      },
      q ? DEBOUNCE_MS : 0,
    );
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [isOpen, fresh, key, term, purpose, skip]);

  const menu = (
    <ul {...getMenuProps({ "aria-label": inputProps["aria-label"] ?? "People" }, { suppressRefError: true })} className={cn("max-h-72 overflow-y-auto", !isOpen && "hidden")}>
      {isOpen
        ? items.map((p, index) => (
            <li
              key={p.id || "(none)"}
              {...getItemProps({ item: p, index })}
              className={cn(
                "flex cursor-default items-center gap-2 rounded-sm px-2 py-1 text-sm select-none",
                highlightedIndex === index && "bg-accent text-accent-foreground",
                !p.id && "italic text-muted-foreground",
              )}
            >
              <Check aria-hidden="true" className={cn("size-4 shrink-0", current?.id === p.id ? "opacity-100" : "opacity-0")} />
              {p.email ? (
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium">{p.name}</span>
                  <span className="block truncate text-xs text-muted-foreground">{p.email}</span>
                </span>
              ) : (
                <span className="min-w-0 flex-1 truncate py-0.5">{p.label}</span>
              )}
              {p.team ? <span className="shrink-0 text-xs text-muted-foreground">{p.team}</span> : null}
            </li>
          ))
        : null}
    </ul>
  );
  const status = error
    ? error
    : !fresh
      ? null
      : !people.length
        ? term.trim()
          ? `Nobody matches “${term.trim()}”.`
          : "Nobody to choose from."
        : people.length >= LIMIT
          ? `The first ${LIMIT}${term.trim() ? " matches" : " by name"}: type more of a name or e-mail to narrow.`
          : null;

  return (
    <PopoverPrimitive.Root open={isOpen} onOpenChange={(open) => !open && closeMenu()}>
      <PopoverPrimitive.Anchor asChild>
        <div ref={wrapper} className={cn("relative inline-flex w-full", className)} data-slot="person-picker">
          <input
            {...getInputProps({
              ...inputProps,
              // The field's <Label htmlFor> names it; downshift would point aria-labelledby at a label it does not have.
              "aria-labelledby": inputProps["aria-labelledby"],
              onFocus: (e) => {
                inputProps.onFocus?.(e);
                e.currentTarget.select();
              },
            })}
            type="text"
            autoComplete="off"
            spellCheck={false}
            placeholder={placeholder ?? "Search by name or e-mail…"}
            className={cn(fieldBase, "h-9 py-1 pr-8", !value && allowNone && "text-muted-foreground")}
          />
          <button
            type="button"
            {...getToggleButtonProps({ "aria-label": isOpen ? "Hide people" : "Show people", disabled: inputProps.disabled })}
            className="absolute top-1/2 right-1.5 -translate-y-1/2 rounded-sm p-0.5 text-muted-foreground hover:text-foreground"
          >
            {isOpen && !fresh ? <Loader2 aria-hidden="true" className="size-4 animate-spin" /> : <ChevronDown aria-hidden="true" className="size-4" />}
          </button>
          {isOpen ? null : menu}
        </div>
      </PopoverPrimitive.Anchor>
      {isOpen ? (
        <PopoverPrimitive.Portal>
          <PopoverPrimitive.Content
            // The listbox is the popup; this box only positions it above dialogs and inside the viewport.
            role="presentation"
            align="start"
            sideOffset={4}
            collisionPadding={8}
            onOpenAutoFocus={(e) => e.preventDefault()}
            onCloseAutoFocus={(e) => e.preventDefault()}
            onInteractOutside={(e) => {
              if (wrapper.current?.contains(e.target as Node)) e.preventDefault();
            }}
            className="z-50 w-[min(26rem,calc(100vw-1rem))] min-w-(--radix-popover-trigger-width) rounded-md border bg-popover p-1 text-popover-foreground shadow-md"
            data-testid="person-picker-popup"
          >
            {menu}
            {!fresh && !people.length ? <p className="px-2 py-1.5 text-sm text-muted-foreground">Searching…</p> : null}
            {status ? <p className={cn("px-2 py-1.5 text-xs", error ? "text-destructive" : "text-muted-foreground")}>{status}</p> : null}
          </PopoverPrimitive.Content>
        </PopoverPrimitive.Portal>
      ) : null}
    </PopoverPrimitive.Root>
  );
}
