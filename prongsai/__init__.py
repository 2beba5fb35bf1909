"""Prongsai (โปร่งใส): an agency's whole yearly ITA, in one place."""
