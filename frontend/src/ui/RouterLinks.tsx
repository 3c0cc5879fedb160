/**
 * Mantine components that navigate with TanStack Router (typed `to`, client-side navigation, preloading).
 */
import {
  Anchor,
  type AnchorProps,
  Button,
  type ButtonProps,
  Menu,
  type MenuItemProps,
  NavLink,
  type NavLinkProps,
} from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import type { AnchorHTMLAttributes, Ref } from 'react';

type AnchorAttributes = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'color' | 'onChange'>;

function NavLinkAnchor({ ref, ...props }: NavLinkProps & AnchorAttributes & { ref?: Ref<HTMLAnchorElement> }) {
  return <NavLink component="a" ref={ref} {...props} />;
}

function ButtonAnchor({ ref, ...props }: ButtonProps & AnchorAttributes & { ref?: Ref<HTMLAnchorElement> }) {
  return <Button component="a" ref={ref} {...props} />;
}

function TextAnchor({ ref, ...props }: AnchorProps & AnchorAttributes & { ref?: Ref<HTMLAnchorElement> }) {
  return <Anchor component="a" ref={ref} {...props} />;
}

function MenuItemAnchor({ ref, ...props }: MenuItemProps & AnchorAttributes & { ref?: Ref<HTMLAnchorElement> }) {
  return <Menu.Item component="a" ref={ref} {...props} />;
}

export const RouterNavLink = createLink(NavLinkAnchor);
export const RouterMenuItem = createLink(MenuItemAnchor);
export const RouterButton = createLink(ButtonAnchor);
export const RouterAnchor = createLink(TextAnchor);
