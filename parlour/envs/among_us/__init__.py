"""Among Us-style deduction (``among_us_v0``): tasks, kills, vents, sabotage and meetings."""
