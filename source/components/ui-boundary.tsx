import React, {Component, type ReactNode} from 'react';

export type UiBoundaryProps = {
	children: ReactNode;
	/** What to show instead of the children once they failed to render. */
	fallback: (error: unknown) => ReactNode;
	/** Told of each failure (after React has caught it). */
	onError?: (error: unknown) => void;
	/** The children are tried again whenever this changes (a key press, a new message). */
	resetKey?: unknown;
};

type State = {error: unknown; failed: boolean; resetKey: unknown};

/**
 * Stops an error in rendering at this point of the tree: what is above it (the screen's
 * state, the connection, the server) lives on, and the fallback says what happened.
 */
export class UiBoundary extends Component<UiBoundaryProps, State> {
	static getDerivedStateFromError(error: unknown): Partial<State> {
		return {error, failed: true};
	}

	static getDerivedStateFromProps(props: UiBoundaryProps, state: State): Partial<State> | null {
		if (props.resetKey === state.resetKey) return null;
		return {resetKey: props.resetKey, failed: false, error: undefined};
	}

	override state: State = {error: undefined, failed: false, resetKey: this.props.resetKey};

	override componentDidCatch(error: unknown): void {
		this.props.onError?.(error);
	}

	override render(): ReactNode {
		return this.state.failed ? this.props.fallback(this.state.error) : this.props.children;
	}
}

/** An error's message, for a sentence on screen. */
export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
