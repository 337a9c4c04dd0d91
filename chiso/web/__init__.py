"""The site frame: layout, navigation, home page, language switch."""
