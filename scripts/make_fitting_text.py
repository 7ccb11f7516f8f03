#!/usr/bin/env python3
"""Writes fitting/qa.tsv, the text `mastui links fit` fits the tiny presets' links on.

Command: python3 scripts/make_fitting_text.py > fitting/qa.tsv

Our own text (CC0, like corpus/): hand-written questions and answers on facts, reasoning and simple
math, plus arithmetic and word problems generated from a fixed seed, so the output never changes.
One pair per line: question<TAB>answer.
"""
import random

WRITTEN = [
    ("What is the capital of France?", "The capital of France is Paris."),
    ("What is the capital of Japan?", "The capital of Japan is Tokyo."),
    ("What is the capital of Italy?", "The capital of Italy is Rome."),
    ("What is the capital of Canada?", "The capital of Canada is Ottawa, not Toronto."),
    ("What is the capital of Australia?", "The capital of Australia is Canberra."),
    ("Which planet is closest to the Sun?", "Mercury is the planet closest to the Sun."),
    ("Which planet is the largest in the solar system?", "Jupiter is the largest planet in the solar system."),
    ("How many planets are in the solar system?", "There are eight planets in the solar system."),
    ("What is the chemical formula of water?", "Water is H2O: two hydrogen atoms bonded to one oxygen atom."),
    ("At what temperature does water boil at sea level?", "At sea level water boils at 100 degrees Celsius, or 212 degrees Fahrenheit."),
    ("At what temperature does water freeze?", "Pure water freezes at 0 degrees Celsius."),
    ("What gas do plants take in for photosynthesis?", "Plants take in carbon dioxide and release oxygen during photosynthesis."),
    ("What is the speed of light?", "Light travels at about 300,000 kilometres per second in a vacuum."),
    ("How long does the Earth take to orbit the Sun?", "The Earth takes about 365.25 days to orbit the Sun once."),
    ("How long does the Moon take to orbit the Earth?", "The Moon orbits the Earth in about 27 days."),
    ("What is the largest ocean on Earth?", "The Pacific Ocean is the largest ocean on Earth."),
    ("What is the longest river in the world?", "The Nile and the Amazon are the two longest rivers; the Nile is usually listed first."),
    ("What is the tallest mountain on Earth?", "Mount Everest is the tallest mountain above sea level, at about 8,849 metres."),
    ("What is DNA?", "DNA is the molecule that carries genetic instructions in living things."),
    ("What is the smallest unit of life?", "The cell is the smallest unit of life."),
    ("What is the hardest natural material?", "Diamond is the hardest natural material."),
    ("What is the atomic number of carbon?", "Carbon has atomic number 6."),
    ("What is the atomic number of oxygen?", "Oxygen has atomic number 8."),
    ("Which element has the symbol Fe?", "Fe is the symbol for iron."),
    ("Which element has the symbol Na?", "Na is the symbol for sodium."),
    ("What is the main gas in the air we breathe?", "Nitrogen makes up about 78 percent of the air."),
    ("Why is the sky blue?", "Air scatters blue light more than red light, so blue light reaches our eyes from every direction."),
    ("Why do we have seasons?", "The Earth's axis is tilted, so each hemisphere gets more direct sunlight during part of the year."),
    ("What causes tides?", "Tides are caused mainly by the Moon's gravity pulling on the oceans."),
    ("What is a prime number?", "A prime number is a whole number greater than 1 whose only divisors are 1 and itself."),
    ("Is 1 a prime number?", "No. A prime must have exactly two divisors, and 1 has only one."),
    ("What are the first five prime numbers?", "The first five prime numbers are 2, 3, 5, 7 and 11."),
    ("Is 91 a prime number?", "No, 91 is not prime because 91 = 7 x 13."),
    ("Is 97 a prime number?", "Yes, 97 is prime: no number from 2 to 9 divides it."),
    ("What is the Pythagorean theorem?", "In a right triangle, the square of the hypotenuse equals the sum of the squares of the other two sides: a^2 + b^2 = c^2."),
    ("A right triangle has legs 3 and 4. How long is the hypotenuse?", "The hypotenuse is 5, because 3^2 + 4^2 = 9 + 16 = 25 and the square root of 25 is 5."),
    ("A right triangle has legs 5 and 12. How long is the hypotenuse?", "The hypotenuse is 13, since 25 + 144 = 169 = 13^2."),
    ("What is pi?", "Pi is the ratio of a circle's circumference to its diameter, about 3.14159."),
    ("What is the area of a circle with radius 2?", "The area is pi times r squared, so pi x 4, which is about 12.57."),
    ("What is the circumference of a circle with diameter 10?", "The circumference is pi times the diameter, about 31.4."),
    ("What is the number e?", "The number e is about 2.71828; it is the base of the natural logarithm."),
    ("What is the Fibonacci sequence?", "Each Fibonacci number is the sum of the two before it: 0, 1, 1, 2, 3, 5, 8, 13, 21, and so on."),
    ("What is the next Fibonacci number after 21 and 34?", "The next one is 21 + 34 = 55."),
    ("What is 15 percent of 200?", "15 percent of 200 is 0.15 x 200 = 30."),
    ("What is 25 percent of 80?", "A quarter of 80 is 20."),
    ("What is one third of 27?", "One third of 27 is 9."),
    ("What is the square root of 144?", "The square root of 144 is 12."),
    ("What is the square root of 81?", "The square root of 81 is 9."),
    ("What is 2 to the power of 10?", "2 to the power of 10 is 1024."),
    ("What is 3 cubed?", "3 cubed is 3 x 3 x 3 = 27."),
    ("How many sides does a hexagon have?", "A hexagon has six sides."),
    ("How many degrees are in a triangle?", "The angles of a triangle add up to 180 degrees."),
    ("How many degrees are in a right angle?", "A right angle is 90 degrees."),
    ("What is the sum of the angles of a square?", "The four angles of a square add up to 360 degrees."),
    ("How many centimetres are in a metre?", "There are 100 centimetres in a metre."),
    ("How many metres are in a kilometre?", "There are 1000 metres in a kilometre."),
    ("How many grams are in a kilogram?", "A kilogram is 1000 grams."),
    ("How many seconds are in an hour?", "An hour has 60 x 60 = 3600 seconds."),
    ("How many minutes are in a day?", "A day has 24 x 60 = 1440 minutes."),
    ("How many days are in a leap year?", "A leap year has 366 days."),
    ("Simplify the fraction 12/16.", "Divide both parts by 4: 12/16 = 3/4."),
    ("Add 1/2 and 1/3.", "With a common denominator of 6: 3/6 + 2/6 = 5/6."),
    ("What is 0.5 written as a fraction?", "0.5 is 1/2."),
    ("What is 3/4 as a decimal?", "3/4 is 0.75."),
    ("Solve for x: x + 7 = 12.", "Subtract 7 from both sides: x = 5."),
    ("Solve for x: 3x = 21.", "Divide both sides by 3: x = 7."),
    ("Solve for x: 2x + 3 = 11.", "Subtract 3 to get 2x = 8, then divide by 2: x = 4."),
    ("Solve for x: 5x - 10 = 0.", "Add 10 to get 5x = 10, so x = 2."),
    ("What is the slope of the line y = 3x + 2?", "The slope is 3, the coefficient of x."),
    ("What is the mean of 2, 4 and 9?", "The sum is 15 and there are three numbers, so the mean is 5."),
    ("What is the median of 3, 8, 1, 9 and 4?", "Sorted they are 1, 3, 4, 8, 9, so the median is 4."),
    ("If a coin is fair, what is the chance of heads?", "The chance of heads is one half, or 50 percent."),
    ("A die is rolled. What is the chance of a six?", "There are six equally likely faces, so the chance is 1/6."),
    ("What is 7 factorial?", "7! = 7 x 6 x 5 x 4 x 3 x 2 x 1 = 5040."),
    ("How many ways can three books be arranged on a shelf?", "There are 3! = 6 ways to arrange three books."),
    ("Is 0 an even number?", "Yes. Zero is divisible by 2, so it is even."),
    ("Is the sum of two odd numbers odd or even?", "It is always even, for example 3 + 5 = 8."),
    ("What is the greatest common divisor of 12 and 18?", "The greatest common divisor of 12 and 18 is 6."),
    ("What is the least common multiple of 4 and 6?", "The least common multiple of 4 and 6 is 12."),
    ("All cats are animals, and Tom is a cat. Is Tom an animal?", "Yes. Every cat is an animal and Tom is a cat, so Tom is an animal."),
    ("If it rains the ground gets wet. The ground is dry. Did it rain?", "No. If it had rained the ground would be wet, so it did not rain."),
    ("Anna is taller than Ben, and Ben is taller than Carl. Who is the shortest?", "Carl is the shortest, because both Anna and Ben are taller than him."),
    ("Which is heavier, a kilogram of iron or a kilogram of feathers?", "Neither: both weigh one kilogram."),
    ("A train leaves at 3 pm and the trip takes 2 hours 30 minutes. When does it arrive?", "It arrives at 5:30 pm."),
    ("If today is Monday, what day is it in ten days?", "Ten days is one week and three days, so it will be Thursday."),
    ("What comes next: 2, 4, 8, 16?", "Each number doubles, so the next is 32."),
    ("What comes next: 1, 4, 9, 16?", "These are squares, so the next is 25."),
    ("What comes next: 5, 10, 15, 20?", "The numbers go up by 5, so the next is 25."),
    ("A shirt costs 40 dollars and is on sale for 25 percent off. What is the price?", "The discount is 10 dollars, so the shirt costs 30 dollars."),
    ("Tom has 3 apples and buys 5 more. How many does he have?", "Tom has 3 + 5 = 8 apples."),
    ("Sara had 20 sweets and gave away 7. How many are left?", "She has 20 - 7 = 13 sweets left."),
    ("A box holds 6 eggs. How many eggs are in 4 boxes?", "There are 6 x 4 = 24 eggs."),
    ("24 students form groups of 4. How many groups are there?", "There are 24 / 4 = 6 groups."),
    ("A car drives 60 kilometres per hour for 3 hours. How far does it go?", "It travels 60 x 3 = 180 kilometres."),
    ("A pen costs 2 dollars. How much do 7 pens cost?", "Seven pens cost 7 x 2 = 14 dollars."),
    ("A rectangle is 5 metres long and 3 metres wide. What is its area?", "The area is 5 x 3 = 15 square metres."),
    ("A square has sides of 6 centimetres. What is its perimeter?", "The perimeter is 4 x 6 = 24 centimetres."),
    ("Write a Python function that adds two numbers.", "def add(a, b):\n    return a + b".replace("\n", " ")),
    ("How do you reverse a list in Python?", "Use items.reverse() to reverse in place, or items[::-1] to get a reversed copy."),
    ("How do you get the length of a string in Python?", "Call len(text); for example len('hello') is 5."),
    ("What does a for loop do?", "A for loop runs the same block of code once for each item in a sequence."),
    ("What is a variable in programming?", "A variable is a name that refers to a value stored in memory."),
    ("What is an algorithm?", "An algorithm is a finite list of clear steps that solves a problem."),
    ("What is binary?", "Binary is a number system with only two digits, 0 and 1."),
    ("What is 1010 in binary as a decimal number?", "1010 in binary is 8 + 2 = 10."),
    ("Who wrote Romeo and Juliet?", "William Shakespeare wrote Romeo and Juliet."),
    ("Who painted the Mona Lisa?", "Leonardo da Vinci painted the Mona Lisa."),
    ("Who developed the theory of relativity?", "Albert Einstein developed the theory of relativity."),
    ("Who proposed the theory of evolution by natural selection?", "Charles Darwin proposed evolution by natural selection."),
    ("What is the largest mammal?", "The blue whale is the largest mammal."),
    ("How many legs does a spider have?", "A spider has eight legs."),
    ("How many bones are in the adult human body?", "An adult human has 206 bones."),
    ("What organ pumps blood through the body?", "The heart pumps blood through the body."),
    ("What do bees make?", "Bees make honey and wax."),
    ("What is the boiling point of water in Fahrenheit?", "Water boils at 212 degrees Fahrenheit at sea level."),
    ("What is the freezing point of water in Fahrenheit?", "Water freezes at 32 degrees Fahrenheit."),
    ("What is the opposite of hot?", "The opposite of hot is cold."),
    ("What is the plural of mouse?", "The plural of mouse is mice."),
    ("Give a synonym for happy.", "A synonym for happy is glad."),
    ("Translate hello into Spanish.", "Hello in Spanish is hola."),
    ("What language is spoken in Brazil?", "The main language of Brazil is Portuguese."),
    ("What is the currency of Japan?", "The currency of Japan is the yen."),
    ("How many continents are there?", "There are seven continents."),
    ("Which continent is Egypt in?", "Egypt is in Africa, with the Sinai Peninsula in Asia."),
    ("What is the largest desert in the world?", "Antarctica is the largest desert; the Sahara is the largest hot desert."),
    ("What is the main source of energy for the Earth?", "The Sun is the main source of energy for the Earth."),
    ("What is gravity?", "Gravity is the force that pulls masses toward each other."),
    ("What is the unit of electrical resistance?", "Resistance is measured in ohms."),
    ("What is Newton's first law?", "An object keeps its state of rest or motion unless a force acts on it."),
    ("What is the formula for speed?", "Speed equals distance divided by time."),
    ("What is the formula for force?", "Force equals mass times acceleration, F = m a."),
    ("Explain step by step how to compute 23 x 4.", "Split 23 into 20 and 3. 20 x 4 = 80 and 3 x 4 = 12. Add them: 80 + 12 = 92."),
    ("Explain step by step how to compute 156 + 287.", "Add the ones: 6 + 7 = 13, write 3 and carry 1. Tens: 5 + 8 + 1 = 14, write 4 and carry 1. Hundreds: 1 + 2 + 1 = 4. The sum is 443."),
    ("Explain how to check whether a number is divisible by 3.", "Add its digits; the number is divisible by 3 exactly when that sum is."),
    ("Is 123 divisible by 3?", "Yes: 1 + 2 + 3 = 6, which is divisible by 3, and 123 = 3 x 41."),
    ("Plan the steps to find the average of a list of numbers.", "Step 1: add all the numbers. Step 2: count them. Step 3: divide the sum by the count."),
    ("Plan the steps to solve a word problem.", "Step 1: read the question and find what is asked. Step 2: write down the known quantities. Step 3: choose the operation. Step 4: compute and check the answer."),
    ("How would you check an answer to a subtraction?", "Add the result to the number you subtracted; you should get the first number back."),
    ("What should you do if two answers disagree?", "Recheck each step of both solutions and find the first step where they differ."),
]

NAMES = ["Ava", "Ben", "Chloe", "Dan", "Ella", "Finn", "Grace", "Hugo", "Iris", "Jack", "Lena", "Max", "Nora", "Omar", "Pia", "Ravi"]
THINGS = ["apples", "books", "coins", "marbles", "pencils", "stickers", "cards", "shells"]


def generated(rng):
    pairs = []
    for _ in range(40):
        a, b = rng.randint(11, 99), rng.randint(11, 99)
        pairs.append((f"What is {a} + {b}?", f"{a} + {b} = {a + b}."))
    for _ in range(30):
        a, b = rng.randint(2, 19), rng.randint(2, 12)
        pairs.append((f"What is {a} times {b}?", f"{a} x {b} = {a * b}."))
    for _ in range(25):
        a = rng.randint(30, 150)
        b = rng.randint(5, a - 5)
        pairs.append((f"What is {a} minus {b}?", f"{a} - {b} = {a - b}."))
    for _ in range(30):
        name, thing = rng.choice(NAMES), rng.choice(THINGS)
        have, more, lose = rng.randint(3, 30), rng.randint(2, 20), rng.randint(1, 10)
        pairs.append((f"{name} has {have} {thing}, gets {more} more and then gives away {lose}. How many {thing} does {name} have now?",
                      f"First {have} + {more} = {have + more}, then {have + more} - {lose} = {have + more - lose}. {name} has {have + more - lose} {thing}."))
    for _ in range(20):
        per, groups = rng.randint(2, 12), rng.randint(2, 9)
        thing = rng.choice(THINGS)
        pairs.append((f"There are {groups} bags with {per} {thing} in each. How many {thing} are there in total?",
                      f"Multiply the bags by the {thing} per bag: {groups} x {per} = {groups * per}."))
    return pairs


def main():
    rng = random.Random(20261125)
    print("# Text for `mastui links fit`: question<TAB>answer per line. Made by scripts/make_fitting_text.py; CC0.")
    for question, answer in WRITTEN + generated(rng):
        assert "\t" not in question + answer and "\n" not in question + answer
        print(f"{question}\t{answer}")


if __name__ == "__main__":
    main()
