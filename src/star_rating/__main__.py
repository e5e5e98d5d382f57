from star_rating.cli import main

main()
